package dev.patchbay.transport.pipe;

import com.sun.jna.LastErrorException;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Fcntl;
import dev.patchbay.sharedmem.posix.Unistd;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code pipe:stdio}: the child's side of {@code pipe:child}. Takes over this process's stdin and stdout: the link
 * gets private copies of both, stdin is pointed at {@code /dev/null} and stdout at stderr, so that a stray print
 * (or a JVM warning) can never land in the middle of a frame.
 */
final class StdioConnector {
    private static final AtomicBoolean TAKEN = new AtomicBoolean();

    private StdioConnector() {
    }

    static Link connect(Address address, LinkOptions options) {
        requirePipe(0, "stdin");
        requirePipe(1, "stdout");
        if (!TAKEN.compareAndSet(false, true)) {
            throw new AddressException("pipe:stdio is already in use in this process: stdin and stdout can carry"
                    + " one link");
        }
        try {
            int in = Fcntl.fcntl(0, Fcntl.F_DUPFD_CLOEXEC, 3);
            int out = Fcntl.fcntl(1, Fcntl.F_DUPFD_CLOEXEC, 3);
            int devNull = Fcntl.open("/dev/null", Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
            Unistd.dup2(devNull, 0);
            Unistd.close(devNull);
            Unistd.dup2(2, 1);
            return PipeFds.link(address, in, out, options.maxMessageSize(), () -> { });
        } catch (LastErrorException e) {
            TAKEN.set(false);
            throw new TransportIoException(Errno.failure("taking over stdin/stdout for " + address, e).getMessage());
        }
    }

    private static void requirePipe(int fd, String name) {
        String target = PipeFds.target("self", fd);
        if (!target.startsWith("pipe:")) {
            throw new AddressException("pipe:stdio needs " + name + " to be a pipe from a parent that started this"
                    + " process with pipe:child; here " + name + " is " + (target.isEmpty() ? "closed" : target));
        }
    }
}
