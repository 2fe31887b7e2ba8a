package dev.patchbay.transport.pipe;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.TransportIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code pipe:child?exec=<command>}: runs the command with {@code /bin/sh -c} and talks to it over its stdin and
 * stdout. The child's stderr is this process's stderr.
 *
 * <p>The pipes are made here (not by {@link ProcessBuilder}) so that the link owns plain descriptors it can poll and
 * close from any thread; the child receives them through {@code /proc/self/fd} redirects. Closing the link closes
 * the pipes, which the child sees as end of input; the child is not killed, because a channel may move off this
 * pipe while the child keeps working.
 */
final class ChildAcceptor implements Acceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ChildAcceptor.class);

    private final Address address;
    private Link link;

    private ChildAcceptor(Address address, Link link) {
        this.address = address;
        this.link = link;
    }

    static ChildAcceptor spawn(Address address, LinkOptions options) {
        String command = address.param("exec")
                .filter(c -> !c.isBlank())
                .orElseThrow(() -> new AddressException("'" + address + "' names no command: write "
                        + "pipe:child?exec=<command>, with the command %-encoded"));
        int[] toChild = PipeFds.newPipe();
        int[] fromChild = PipeFds.newPipe();
        Process process;
        try {
            process = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(new File("/proc/self/fd/" + toChild[0]))
                    .redirectOutput(new File("/proc/self/fd/" + fromChild[1]))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            PipeFds.close(toChild[0], toChild[1], fromChild[0], fromChild[1]);
            throw new TransportIoException("cannot start child for " + address + ": " + e.getMessage(), e);
        } finally {
            // The child holds its own copies now; ours of its ends must go, or we would never see end of stream.
            PipeFds.close(toChild[0], fromChild[1]);
        }
        long pid = process.pid();
        LOG.debug("spawned child {} for {}", pid, address);
        process.onExit().thenAccept(p -> LOG.debug("child {} of {} exited with status {}", pid, address,
                p.exitValue()));
        // The link is named after the child, not the (long) command line, so that messages stay readable.
        Address named = Address.parse("pipe:child?pid=" + pid);
        Link link = PipeFds.link(named, fromChild[0], toChild[1], options.maxMessageSize(), () -> { });
        return new ChildAcceptor(named, link);
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public synchronized Link accept(Duration timeout) {
        if (link == null) {
            throw new LinkClosedException("the child of " + address + " was already accepted or closed");
        }
        Link accepted = link;
        link = null;
        return accepted;
    }

    @Override
    public synchronized void close() {
        if (link != null) {
            link.close();
            link = null;
        }
    }
}
