package dev.patchbay.transport.fifo;

import com.sun.jna.LastErrorException;
import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.kit.stream.ByteStream;
import dev.patchbay.kit.stream.StreamLink;
import dev.patchbay.sharedmem.io.FdStream;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Fcntl;
import dev.patchbay.sharedmem.posix.NativeCallException;
import dev.patchbay.sharedmem.posix.Stat;
import dev.patchbay.sharedmem.posix.Unistd;
import dev.patchbay.sharedmem.runtime.OwnerFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The listening side of a fifo pair. Creation never blocks: the server opens its reading end with
 * {@code O_NONBLOCK}. {@link #accept} then waits for the connector by a non-blocking open of the other fifo for
 * writing, which fails with {@code ENXIO} until the connector has opened it for reading, tried again each time that
 * fifo is opened ({@link OpenWatch}); the connector opens its writing end first, so by then both directions are
 * connected. A {@link Handshake} byte tells the connector that our writing end exists.
 */
final class FifoAcceptor implements Acceptor {
    private static final Logger LOG = LoggerFactory.getLogger(FifoAcceptor.class);

    private final FifoPaths paths;
    private final LinkOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;
    private int readFd;

    private FifoAcceptor(FifoPaths paths, LinkOptions options, int readFd) {
        this.paths = paths;
        this.options = options;
        this.readFd = readFd;
    }

    static FifoAcceptor create(FifoPaths paths, LinkOptions options) {
        claim(paths);
        try {
            makeFifo(paths.clientToServer());
            makeFifo(paths.serverToClient());
            int readFd = Fcntl.open(paths.clientToServer().toString(),
                    Fcntl.O_RDONLY | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC, 0);
            try {
                FifoPaths.requireOwn(readFd, paths.clientToServer());
            } catch (RuntimeException e) {
                Unistd.close(readFd);
                throw e;
            }
            return new FifoAcceptor(paths, options, readFd);
        } catch (LastErrorException e) {
            paths.removeFiles();
            throw new TransportIoException(Errno.failure("open(" + paths.clientToServer() + ")", e).getMessage());
        } catch (RuntimeException e) {
            paths.removeFiles();
            throw e;
        }
    }

    /** Takes the name, clearing what a dead listener left behind; refuses a name a live process holds. */
    private static void claim(FifoPaths paths) {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (OwnerFile.claim(paths.owner())) {
                return;
            }
            var owner = OwnerFile.read(paths.owner());
            if (owner.isPresent() && owner.get().process().isAlive()) {
                throw new TransportIoException(paths.address() + " is already being listened on by process "
                        + owner.get().process().pid() + "; pick another name");
            }
            LOG.info("removing {} left behind by process {}, which is gone", paths.base(),
                    owner.map(o -> Long.toString(o.process().pid())).orElse("(unknown)"));
            paths.removeFiles();
        }
        throw new TransportIoException("cannot claim " + paths.owner() + ": another process keeps creating it");
    }

    private static void makeFifo(Path path) {
        try {
            Stat.mkfifo(path.toString(), Stat.MODE_0600);
            // mkfifo's mode passes through the umask; set it exactly.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (LastErrorException e) {
            throw new TransportIoException(Errno.failure("mkfifo(" + path + ")", e).getMessage());
        } catch (IOException e) {
            throw new TransportIoException("cannot set mode 0600 on " + path + ": " + e, e);
        }
    }

    @Override
    public Address address() {
        return paths.address();
    }

    @Override
    public Link accept(Duration timeout) {
        lock.lock();
        try {
            return awaitPeer(timeout);
        } finally {
            lock.unlock();
        }
    }

    private Link awaitPeer(Duration timeout) {
        try (OpenWatch opened = OpenWatch.on(paths.serverToClient())) {
            return awaitPeer(timeout, opened);
        }
    }

    private Link awaitPeer(Duration timeout, OpenWatch opened) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (closed || readFd < 0) {
                throw new LinkClosedException("acceptor " + paths.address() + " was already accepted or closed");
            }
            int writeFd = Fcntl.tryOpen(paths.serverToClient().toString(),
                    Fcntl.O_WRONLY | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC, 0);
            if (writeFd < 0 && writeFd != -Errno.ENXIO && writeFd != -Errno.EINTR) {
                throw new TransportIoException(new NativeCallException("open(" + paths.serverToClient() + ")",
                        -writeFd).getMessage());
            }
            if (writeFd >= 0) {
                // Both ends are open: the names have done their job, and a crash now leaves nothing behind.
                paths.removeFiles();
                try {
                    FifoPaths.requireOwn(writeFd, paths.serverToClient());
                    Handshake.send(writeFd, paths);
                } catch (RuntimeException e) {
                    Unistd.close(writeFd);
                    throw e instanceof LastErrorException failed ? new TransportIoException(
                            Errno.failure("fstat(" + paths.serverToClient() + ")", failed).getMessage()) : e;
                }
                FdStream fd = FdStream.of(readFd, writeFd, "fifo " + paths.base());
                readFd = -1;
                ByteStream stream = ByteStream.of(fd::read, fd::write, fd::write, fd::offer, fd::close)
                        .withReadinessFd(fd.readFd());
                return new StreamLink(paths.address(), stream, options.maxMessageSize());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new OpenTimeoutException("no peer opened " + paths.serverToClient() + " within "
                        + timeout.toMillis() + " ms; start the other side with: patchbay send "
                        + paths.address());
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new LinkInterruptedException("interrupted while waiting for a peer to open "
                        + paths.serverToClient() + "; the acceptor stays open");
            }
            opened.await(left);
        }
    }

    /** Wakes a thread waiting in {@link #accept} (within 20 ms), then removes the fifos. */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            release();
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        if (readFd >= 0) {
            try {
                Unistd.close(readFd);
            } catch (LastErrorException ignored) {
                // Released either way.
            }
            readFd = -1;
            paths.removeFiles();
        }
    }
}
