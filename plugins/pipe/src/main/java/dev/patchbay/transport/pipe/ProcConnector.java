package dev.patchbay.transport.pipe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.NotOwnedException;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Fcntl;
import dev.patchbay.sharedmem.posix.Unistd;
import dev.patchbay.sharedmem.runtime.Ownership;

/**
 * {@code pipe:proc?pid=P&rfd=R&wfd=W}: opens the pipes that process P made with {@code pipe:anon}, through
 * {@code /proc/P/fd}. Only pipes are opened: an address that points at any other kind of file is refused.
 */
final class ProcConnector {
    private ProcConnector() {
    }

    static Link connect(Address address, LinkOptions options) {
        String pid = Long.toString(address.longParam("pid", -1));
        int rfd = (int) address.longParam("rfd", -1);
        int wfd = (int) address.longParam("wfd", -1);
        if (pid.equals("-1") || rfd < 0 || wfd < 0) {
            throw new AddressException("'" + address + "' needs pid, rfd and wfd; copy the address the listener"
                    + " printed");
        }
        int readFd = open(address, pid, rfd, Fcntl.O_RDONLY);
        int writeFd;
        try {
            writeFd = open(address, pid, wfd, Fcntl.O_WRONLY);
        } catch (RuntimeException e) {
            PipeFds.close(readFd);
            throw e;
        }
        try (Memory hello = new Memory(1)) {
            hello.setByte(0, AnonymousAcceptor.HELLO);
            Unistd.write(writeFd, Pointer.nativeValue(hello), 1);
        } catch (LastErrorException e) {
            PipeFds.close(readFd, writeFd);
            throw new PeerClosedException("the listener of " + address + " is gone: "
                    + Errno.describe(e.getErrorCode()));
        }
        return PipeFds.link(address, readFd, writeFd, options.maxMessageSize(), () -> { });
    }

    private static int open(Address address, String pid, int fd, int flags) {
        String target = PipeFds.target(pid, fd);
        if (!target.startsWith("pipe:")) {
            throw new AddressException("'" + address + "': /proc/" + pid + "/fd/" + fd + " is "
                    + (target.isEmpty() ? "not there (is process " + pid + " still listening?)" : target)
                    + ", not a pipe");
        }
        String path = "/proc/" + pid + "/fd/" + fd;
        int opened;
        try {
            opened = Fcntl.open(path, flags | Fcntl.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new TransportIoException(Errno.failure("open(" + path + ")", e).getMessage());
        }
        try {
            // Root may open any process's pipes: only a pipe this user made is one to talk through.
            Ownership.requireOwn(opened, "the pipe at " + path + " (process " + pid + ")");
            return opened;
        } catch (NotOwnedException e) {
            PipeFds.close(opened);
            throw new PatchbayException(ErrorCode.FOREIGN_OBJECT, "'" + address + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            PipeFds.close(opened);
            throw e;
        }
    }
}
