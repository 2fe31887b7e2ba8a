package dev.patchbay.transport.fifo;

import com.sun.jna.LastErrorException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.kit.link.MeetingWait;
import dev.patchbay.kit.stream.ByteStream;
import dev.patchbay.kit.stream.StreamLink;
import dev.patchbay.sharedmem.io.FdStream;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Fcntl;
import dev.patchbay.sharedmem.posix.NativeCallException;
import dev.patchbay.sharedmem.posix.Unistd;
import dev.patchbay.sharedmem.runtime.OwnerFile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * The connecting side of a fifo pair. Waits (up to the open timeout) for the listener's files, locks the owner file
 * so that a second connector cannot join the same pair, then opens the server's reading fifo for writing and the
 * other for reading, both without blocking.
 */
final class FifoConnector {
    private FifoConnector() {
    }

    static Link connect(FifoPaths paths, LinkOptions options) {
        long deadline = System.nanoTime() + options.openTimeout().toNanos();
        MeetingWait wait = new MeetingWait();
        String lastProblem = "it does not exist";
        while (true) {
            if (Files.exists(paths.serverToClient())) {
                FileChannel claim = lockOwner(paths);
                if (claim != null) {
                    Link link = open(paths, options, claim, deadline);
                    if (link != null) {
                        return link;
                    }
                    lastProblem = "nobody reads " + paths.clientToServer();
                } else {
                    lastProblem = "another peer is connecting to it";
                }
            } else {
                var owner = OwnerFile.read(paths.owner());
                if (owner.isPresent() && !owner.get().process().isAlive()) {
                    lastProblem = "it was left behind by process " + owner.get().process().pid()
                            + ", which is gone (run: patchbay segments gc)";
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new OpenTimeoutException("no listener at " + paths.clientToServer() + " within "
                        + options.openTimeout().toMillis() + " ms (" + lastProblem + "); start the other side with:"
                        + " patchbay listen " + paths.address());
            }
            wait.park(left);
        }
    }

    /** Locks the owner file; null if it is gone or another connector holds it. */
    private static FileChannel lockOwner(FifoPaths paths) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(paths.owner(), StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return channel;
            }
        } catch (IOException | RuntimeException e) {
            // Gone between the check and the open: the listener was just taken or closed.
        }
        closeQuietly(channel);
        return null;
    }

    /** Opens both fifos; null if the listener is not reading (it closed or died). */
    private static Link open(FifoPaths paths, LinkOptions options, FileChannel claim, long deadline) {
        int writeFd = Fcntl.tryOpen(paths.clientToServer().toString(),
                Fcntl.O_WRONLY | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC, 0);
        if (writeFd < 0) {
            closeQuietly(claim);
            if (writeFd == -Errno.ENXIO || writeFd == -Errno.ENOENT) {
                return null;
            }
            throw new TransportIoException(new NativeCallException("open(" + paths.clientToServer() + ")",
                    -writeFd).getMessage());
        }
        int readFd;
        try {
            readFd = Fcntl.open(paths.serverToClient().toString(),
                    Fcntl.O_RDONLY | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            closeQuietly(claim);
            try {
                Unistd.close(writeFd);
            } catch (LastErrorException ignored) {
                // Released either way.
            }
            throw new TransportIoException(Errno.failure("open(" + paths.serverToClient() + ")", e).getMessage());
        }
        try {
            FifoPaths.requireOwn(writeFd, paths.clientToServer());
            FifoPaths.requireOwn(readFd, paths.serverToClient());
            Handshake.await(readFd, paths, deadline);
        } catch (RuntimeException e) {
            closeQuietly(claim);
            try {
                Unistd.close(readFd);
                Unistd.close(writeFd);
            } catch (LastErrorException ignored) {
                // Released either way.
            }
            throw e;
        }
        FdStream fd = FdStream.of(readFd, writeFd, "fifo " + paths.base());
        // The lock stays until the link closes: by then the listener has long unlinked the names.
        return new StreamLink(paths.address(), ByteStream.of(fd::read, fd::write, fd::write, fd::offer, () -> {
            fd.close();
            closeQuietly(claim);
        }).withReadinessFd(fd.readFd()), options.maxMessageSize());
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing to do.
            }
        }
    }
}
