package dev.patchbay.host.control;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.spi.HostControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts control connections for one host and runs their commands (see {@link ControlProtocol}). One selector
 * thread does all the socket work and a small fixed pool runs the commands, so the number of clients never sets the
 * number of threads; every bound is in {@link ControlLimits}. When accepting fails (typically no file descriptor
 * left) the server stops accepting for a while and tries again: the channels of the host are never touched.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final long FIRST_BACKOFF_MS = 10;
    private static final long LONGEST_BACKOFF_MS = 1000;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final SelectionKey acceptKey;
    private final Path socket;
    private final ControlCommands commands;
    private final ControlLimits limits;
    private final ThreadPoolExecutor workers;
    private final Queue<ControlConnection> answered = new ConcurrentLinkedQueue<>();
    /** Owned by the selector thread. */
    private final Set<ControlConnection> open = new HashSet<>();
    private final Thread loop;
    private volatile boolean closed;
    private long acceptBackoffMs;
    private long acceptResumesAt;

    private ControlServer(ServerSocketChannel server, Selector selector, Path socket, HostControl host,
                          ControlLimits limits) throws IOException {
        this.server = server;
        this.selector = selector;
        this.socket = socket;
        this.commands = new ControlCommands(host);
        this.limits = limits;
        server.configureBlocking(false);
        this.acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
        AtomicInteger numbers = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.MILLISECONDS,
                limits.maxPending() == 0 ? new java.util.concurrent.SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(limits.maxPending()),
                r -> {
                    Thread t = new Thread(r, "patchbay-control-worker-" + numbers.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.loop = new Thread(this::selectLoop, "patchbay-control");
        this.loop.setDaemon(true);
    }

    /** Listens on {@code <runtime>/control/<pid>.sock} (mode 0600 in a 0700 folder) with the default limits. */
    public static ControlServer start(HostControl host) {
        return start(host, ControlLimits.DEFAULTS);
    }

    /** Listens on {@code <runtime>/control/<pid>.sock} (mode 0600 in a 0700 folder). */
    public static ControlServer start(HostControl host, ControlLimits limits) {
        Path socket = HostDirectory.socketOf(ProcessHandle.current().pid());
        ServerSocketChannel server = null;
        Selector selector = null;
        try {
            // The selector first: a host short of descriptors then leaves no socket file behind.
            selector = Selector.open();
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            ControlServer control = new ControlServer(server, selector, socket, host, limits);
            control.loop.start();
            LOG.debug("control socket {}", socket);
            return control;
        } catch (IOException e) {
            closeQuietly(server);
            closeQuietly(selector);
            throw new PatchbayException(ErrorCode.IO_FAILURE, "cannot open control socket " + socket + ": "
                    + e.getMessage());
        }
    }

    /** Where this host listens. */
    public Path socket() {
        return socket;
    }

    private void selectLoop() {
        try {
            while (!closed) {
                selector.select(this::handle, waitMillis());
                handleAnswered();
                expire(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.error("control socket {} stopped: {}", socket, e.toString(), e);
            }
        } finally {
            for (ControlConnection c : open) {
                c.close();
            }
            open.clear();
            closeQuietly(selector);
        }
    }

    /** Until the nearest deadline or the end of an accept pause; at least 1 ms, as select(0) waits forever. */
    private long waitMillis() {
        long now = System.nanoTime();
        long until = now + limits.idleTimeout().toNanos();
        for (ControlConnection c : open) {
            if (c.stage() != ControlConnection.Stage.RUNNING) {
                until = Math.min(until, c.deadline());
            }
        }
        if (acceptResumesAt != 0) {
            until = Math.min(until, acceptResumesAt);
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now) + 1);
    }

    private void handle(SelectionKey key) {
        if (key == acceptKey) {
            accept();
            return;
        }
        ControlConnection c = (ControlConnection) key.attachment();
        try {
            if (key.isReadable() && c.stage() == ControlConnection.Stage.READING) {
                read(c);
            } else if (key.isWritable() && c.stage() == ControlConnection.Stage.WRITING && c.write()) {
                drop(c);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("control client went away: {}", e.toString());
            drop(c);
        }
    }

    private void accept() {
        SocketChannel client;
        try {
            client = server.accept();
        } catch (IOException e) {
            pauseAccepting(e);
            return;
        }
        if (client == null) {
            return;
        }
        if (acceptBackoffMs != 0) {
            LOG.info("control socket {}: accepting connections again", socket);
            acceptBackoffMs = 0;
        }
        if (open.size() >= limits.maxConnections()) {
            refuse(client, "busy: " + limits.maxConnections() + " control connections are open already;"
                    + " try again in a moment");
            return;
        }
        try {
            client.configureBlocking(false);
            ControlConnection c = new ControlConnection(client, limits.maxLineBytes(),
                    System.nanoTime() + limits.idleTimeout().toNanos());
            c.key(client.register(selector, SelectionKey.OP_READ, c));
            open.add(c);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Accepting failed (EMFILE, ENFILE, ...): wait, doubling the pause, rather than spin on a ready socket. */
    private void pauseAccepting(IOException e) {
        acceptBackoffMs = acceptBackoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(LONGEST_BACKOFF_MS, acceptBackoffMs * 2);
        if (acceptBackoffMs == FIRST_BACKOFF_MS) {
            LOG.warn("control socket {}: cannot accept a connection ({}); pausing {} ms and trying again (channels"
                    + " are not affected)", socket, e.getMessage(), acceptBackoffMs);
        }
        acceptKey.interestOps(0);
        acceptResumesAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(acceptBackoffMs);
    }

    private void read(ControlConnection c) throws IOException {
        ControlConnection.ReadResult result = c.read();
        if (result instanceof ControlConnection.ReadResult.Gone) {
            drop(c);
        } else if (result instanceof ControlConnection.ReadResult.TooLong) {
            c.answer(List.of(), ControlProtocol.err(ControlException.Kind.BAD_REQUEST.name(), "request line longer"
                    + " than " + limits.maxLineBytes() + " bytes; a command is one short line, such as 'channels' or"
                    + " 'swap c1 fifo'"));
            startWriting(c);
        } else if (result instanceof ControlConnection.ReadResult.Line line) {
            run(c, line.text());
        }
    }

    private void run(ControlConnection c, String line) {
        c.running();
        c.key().interestOps(0);
        try {
            workers.execute(() -> {
                answer(c, line);
                answered.add(c);
                selector.wakeup();
            });
        } catch (RejectedExecutionException e) {
            c.answer(List.of(), ControlProtocol.err(ControlException.Kind.BUSY.name(), "busy: " + limits.workers()
                    + " commands are running and " + limits.maxPending() + " waiting; try again in a moment"));
            startWriting(c);
        }
    }

    private void answer(ControlConnection c, String line) {
        try {
            c.answer(commands.run(line), ControlProtocol.OK);
        } catch (PatchbayException e) {
            c.answer(List.of(), ControlProtocol.err(e.code().name(), e.getMessage()));
        } catch (ControlException e) {
            c.answer(List.of(), ControlProtocol.err(e.kind().name(), e.getMessage()));
        } catch (IllegalArgumentException e) {
            c.answer(List.of(), ControlProtocol.err(ControlException.Kind.BAD_REQUEST.name(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("control command '{}' failed", line, e);
            c.answer(List.of(), ControlProtocol.err(ControlProtocol.INTERNAL, "internal error: " + e));
        }
    }

    private void handleAnswered() {
        for (ControlConnection c = answered.poll(); c != null; c = answered.poll()) {
            if (c.channel().isOpen()) {
                startWriting(c);
            }
        }
    }

    private void startWriting(ControlConnection c) {
        c.writing(System.nanoTime() + limits.idleTimeout().toNanos());
        try {
            if (c.write()) {
                drop(c);
            } else {
                c.key().interestOps(SelectionKey.OP_WRITE);
            }
        } catch (IOException | RuntimeException e) {
            drop(c);
        }
    }

    /** Closes connections past their deadline and resumes accepting after a pause. */
    private void expire(long now) {
        List<ControlConnection> late = new ArrayList<>();
        for (ControlConnection c : open) {
            if (c.stage() != ControlConnection.Stage.RUNNING && now - c.deadline() > 0) {
                late.add(c);
            }
        }
        for (ControlConnection c : late) {
            LOG.debug("control client idle past {}: closed", limits.idleTimeout());
            drop(c);
        }
        if (acceptResumesAt != 0 && now - acceptResumesAt >= 0) {
            acceptResumesAt = 0;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    private void drop(ControlConnection c) {
        open.remove(c);
        c.close();
    }

    /** Tells a client over the connection limit why it is turned away; a fresh socket has room for one line. */
    private static void refuse(SocketChannel client, String why) {
        try (client) {
            client.configureBlocking(false);
            String line = ControlProtocol.err(ControlException.Kind.BUSY.name(), why) + "\n";
            client.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.debug("refused control client went away: {}", e.toString());
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing on a failure path: the first error is the one reported.
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
        selector.wakeup();
        closeQuietly(server);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("closing control socket {}: {}", socket, e.toString());
        }
    }
}
