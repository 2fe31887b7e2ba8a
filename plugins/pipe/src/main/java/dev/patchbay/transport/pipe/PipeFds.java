package dev.patchbay.transport.pipe;

import com.sun.jna.LastErrorException;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.kit.stream.ByteStream;
import dev.patchbay.kit.stream.StreamLink;
import dev.patchbay.sharedmem.io.FdStream;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Fcntl;
import dev.patchbay.sharedmem.posix.Unistd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers shared by the pipe acceptors and connectors. */
final class PipeFds {
    private PipeFds() {
    }

    /** A new pipe: {@code [0]} reads, {@code [1]} writes; both close-on-exec. */
    static int[] newPipe() {
        int[] fds = new int[2];
        try {
            Unistd.pipe2(fds, Fcntl.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new TransportIoException(Errno.failure("pipe2()", e).getMessage());
        }
        return fds;
    }

    static void close(int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                try {
                    Unistd.close(fd);
                } catch (LastErrorException ignored) {
                    // The descriptor is released either way.
                }
            }
        }
    }

    /** What {@code /proc/<pid>/fd/<fd>} points at, e.g. {@code "pipe:[123]"}; empty when unreadable. */
    static String target(String pid, int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", pid, "fd", Integer.toString(fd))).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** A framed link over a read and a write descriptor, which it owns from now on. */
    static Link link(Address address, int readFd, int writeFd, int maxMessageSize, Runnable onClose) {
        FdStream fd = FdStream.of(readFd, writeFd, "pipe " + address);
        return new StreamLink(address, ByteStream.of(fd::read, fd::write, fd::write, fd::offer, () -> {
            fd.close();
            onClose.run();
        }).withReadinessFd(fd.readFd()), maxMessageSize);
    }
}
