package dev.patchbay.host.control;

import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.Patchbay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Accepts control connections for one host and runs their commands (see {@link ControlProtocol}). */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final ServerSocketChannel server;
    private final Path socket;
    private final ControlCommands commands;
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(ServerSocketChannel server, Path socket, Patchbay host) {
        this.server = server;
        this.socket = socket;
        this.commands = new ControlCommands(host);
        this.acceptor = new Thread(this::acceptLoop, "patchbay-control");
        this.acceptor.setDaemon(true);
    }

    /** Listens on {@code <runtime>/control/<pid>.sock} (mode 0600 in a 0700 folder). */
    public static ControlServer start(Patchbay host) {
        Path socket = HostDirectory.socketOf(ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            ControlServer control = new ControlServer(server, socket, host);
            control.acceptor.start();
            LOG.debug("control socket {}", socket);
            return control;
        } catch (IOException e) {
            throw new PatchbayException(dev.patchbay.api.ErrorCode.IO_FAILURE, "cannot open control socket "
                    + socket + ": " + e.getMessage());
        }
    }

    /** Where this host listens. */
    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                Thread handler = new Thread(() -> serve(client), "patchbay-control-client");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket {}: {}", socket, e.toString());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                     StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Channels.newOutputStream(client), false, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null) {
                return;
            }
            try {
                for (String result : commands.run(line.strip())) {
                    out.println(result);
                }
                out.println(ControlProtocol.OK);
            } catch (PatchbayException | IllegalArgumentException e) {
                out.println(ControlProtocol.ERR + e.getMessage().replace('\n', ' '));
            } catch (RuntimeException e) {
                LOG.warn("control command '{}' failed", line, e);
                out.println(ControlProtocol.ERR + "internal error: " + e);
            }
            out.flush();
        } catch (IOException e) {
            LOG.debug("control client went away: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("closing control socket {}: {}", socket, e.toString());
        }
    }
}
