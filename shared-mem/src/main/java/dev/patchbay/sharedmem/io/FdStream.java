package dev.patchbay.sharedmem.io;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.EventFd;
import dev.patchbay.sharedmem.posix.Fcntl;
import dev.patchbay.sharedmem.posix.NativeCallException;
import dev.patchbay.sharedmem.posix.Poll;
import dev.patchbay.sharedmem.posix.Unistd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A pair of non-blocking file descriptors (one to read, one to write; either may be absent) read and written with
 * poll(2), so that reads take a timeout and {@link #close()} wakes a thread blocked in either direction at once.
 *
 * <p>Java's own streams cannot do this for pipes: a {@code FileInputStream} blocked in read stays blocked when
 * another thread closes it, and cannot time out. Here the wait is a poll on the descriptor and an eventfd that
 * {@link #close()} signals; the descriptors are closed only after every thread has left, so a descriptor number is
 * never reused under a reader's feet.
 *
 * <p>Reading and writing may happen on two threads at once; two reads (or two writes) at once are not supported.
 */
public final class FdStream implements AutoCloseable {
    private static final int SCRATCH_SIZE = 64 * 1024;

    private final int readFd;
    private final int writeFd;
    private final int wakeFd;
    private final String description;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    private final Memory readPollFds = new Memory(2L * Poll.POLLFD_SIZE);
    private final Memory writePollFds = new Memory(2L * Poll.POLLFD_SIZE);
    private final AddressCache readAddresses = new AddressCache();
    private final AddressCache writeAddresses = new AddressCache();
    private ByteBuffer readScratch;
    private ByteBuffer writeScratch;

    private FdStream(int readFd, int writeFd, int wakeFd, String description) {
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.wakeFd = wakeFd;
        this.description = description;
        initPollFds(readPollFds, readFd, Poll.POLLIN);
        initPollFds(writePollFds, writeFd, Poll.POLLOUT);
    }

    /**
     * Takes ownership of the descriptors: makes them non-blocking and closes them on {@link #close()}.
     *
     * @param readFd      descriptor to read from, or -1
     * @param writeFd     descriptor to write to, or -1
     * @param description what the descriptors are, for error messages (e.g. "fifo /run/user/1000/patchbay/orders")
     */
    public static FdStream of(int readFd, int writeFd, String description) {
        int wake;
        try {
            setNonBlocking(readFd, description);
            setNonBlocking(writeFd, description);
            wake = EventFd.eventfd(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
        } catch (LastErrorException e) {
            closeQuietly(readFd);
            closeQuietly(writeFd);
            throw Errno.failure("eventfd() for " + description, e);
        } catch (RuntimeException e) {
            closeQuietly(readFd);
            closeQuietly(writeFd);
            throw e;
        }
        return new FdStream(readFd, writeFd, wake, description);
    }

    private static void setNonBlocking(int fd, String description) {
        if (fd < 0) {
            return;
        }
        try {
            int flags = Fcntl.fcntl(fd, Fcntl.F_GETFL, 0);
            Fcntl.fcntl(fd, Fcntl.F_SETFL, flags | Fcntl.O_NONBLOCK);
        } catch (LastErrorException e) {
            throw Errno.failure("fcntl(" + fd + ", F_SETFL, O_NONBLOCK) for " + description, e);
        }
    }

    private void initPollFds(Memory fds, int fd, int events) {
        fds.setInt(0, fd);
        fds.setShort(4, (short) events);
        fds.setShort(6, (short) 0);
        fds.setInt(Poll.POLLFD_SIZE, wakeFd);
        fds.setShort(Poll.POLLFD_SIZE + 4, (short) Poll.POLLIN);
        fds.setShort(Poll.POLLFD_SIZE + 6, (short) 0);
    }

    /**
     * Reads into {@code dst}, waiting up to {@code timeoutNanos} for data.
     *
     * @return bytes read (&gt; 0), 0 on timeout, -1 at end of stream (every writer closed)
     * @throws AsynchronousCloseException if {@link #close()} was called
     */
    public int read(ByteBuffer dst, long timeoutNanos) throws IOException {
        if (readFd < 0) {
            throw new IllegalStateException(description + " is not readable");
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        enter();
        try {
            return dst.isDirect() ? readDirect(dst, timeoutNanos) : readViaScratch(dst, timeoutNanos);
        } finally {
            exit();
        }
    }

    private int readDirect(ByteBuffer dst, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        while (true) {
            long address = readAddresses.addressOf(dst) + dst.position();
            long n;
            try {
                n = Unistd.read(readFd, address, dst.remaining());
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (errno != Errno.EAGAIN) {
                    throw new IOException(new NativeCallException("read(" + description + ")", errno));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !await(readPollFds, left)) {
                    return 0;
                }
                continue;
            }
            if (n == 0) {
                return -1;
            }
            dst.position(dst.position() + (int) n);
            return (int) n;
        }
    }

    private int readViaScratch(ByteBuffer dst, long timeoutNanos) throws IOException {
        if (readScratch == null) {
            readScratch = ByteBuffer.allocateDirect(SCRATCH_SIZE);
        }
        readScratch.clear().limit(Math.min(SCRATCH_SIZE, dst.remaining()));
        int n = readDirect(readScratch, timeoutNanos);
        if (n > 0) {
            dst.put(readScratch.flip());
        }
        return n;
    }

    /**
     * Writes everything between {@code src}'s position and limit, waiting while the pipe is full.
     *
     * @return false when the reading side is gone (EPIPE); true when all was written
     * @throws AsynchronousCloseException if {@link #close()} was called
     */
    public boolean write(ByteBuffer src) throws IOException {
        if (writeFd < 0) {
            throw new IllegalStateException(description + " is not writable");
        }
        enter();
        try {
            return src.isDirect() ? writeDirect(src) : writeViaScratch(src);
        } finally {
            exit();
        }
    }

    private boolean writeDirect(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            long address = writeAddresses.addressOf(src) + src.position();
            try {
                long n = Unistd.write(writeFd, address, src.remaining());
                src.position(src.position() + (int) n);
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == Errno.EPIPE) {
                    return false;
                } else if (errno == Errno.EAGAIN) {
                    await(writePollFds, Long.MAX_VALUE);
                } else if (errno != Errno.EINTR) {
                    throw new IOException(new NativeCallException("write(" + description + ")", errno));
                }
            }
        }
        return true;
    }

    private boolean writeViaScratch(ByteBuffer src) throws IOException {
        if (writeScratch == null) {
            writeScratch = ByteBuffer.allocateDirect(SCRATCH_SIZE);
        }
        while (src.hasRemaining()) {
            int chunk = Math.min(SCRATCH_SIZE, src.remaining());
            int limit = src.limit();
            src.limit(src.position() + chunk);
            writeScratch.clear();
            writeScratch.put(src).flip();
            src.limit(limit);
            if (!writeDirect(writeScratch)) {
                return false;
            }
        }
        return true;
    }

    /** Polls the descriptor and the wake eventfd; true when the descriptor is ready (or hung up). */
    private boolean await(Memory fds, long timeoutNanos) throws IOException {
        int millis = timeoutNanos == Long.MAX_VALUE ? -1
                : (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999));
        while (true) {
            int ready;
            try {
                ready = Poll.poll(Pointer.nativeValue(fds), 2, millis);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                throw new IOException(new NativeCallException("poll(" + description + ")", e.getErrorCode()));
            }
            if (closed || fds.getShort(Poll.POLLFD_SIZE + 6) != 0) {
                throw new AsynchronousCloseException();
            }
            return ready > 0;
        }
    }

    private void enter() throws AsynchronousCloseException {
        inFlight.incrementAndGet();
        if (closed) {
            inFlight.decrementAndGet();
            throw new AsynchronousCloseException();
        }
    }

    private void exit() {
        inFlight.decrementAndGet();
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Wakes any thread blocked in {@link #read} or {@link #write} (they throw {@link AsynchronousCloseException}),
     * waits for them to leave, then closes the descriptors. Harmless to call more than once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Memory one = new Memory(8)) {
            one.setLong(0, 1);
            Unistd.write(wakeFd, Pointer.nativeValue(one), 8);
        } catch (LastErrorException ignored) {
            // The eventfd counter cannot overflow from one write; nothing else can fail here.
        }
        while (inFlight.get() > 0) {
            LockSupport.parkNanos(50_000);
        }
        closeQuietly(readFd);
        closeQuietly(writeFd);
        closeQuietly(wakeFd);
        readPollFds.close();
        writePollFds.close();
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                Unistd.close(fd);
            } catch (LastErrorException ignored) {
                // close(2) releases the descriptor even when it reports an error; nothing to retry.
            }
        }
    }

    @Override
    public String toString() {
        return "FdStream[" + description + (closed ? ", closed" : "") + "]";
    }

    /** Remembers the native address of the last direct buffer seen, since looking it up makes an object. */
    private static final class AddressCache {
        private ByteBuffer buffer;
        private long address;

        long addressOf(ByteBuffer b) {
            if (b != buffer) {
                address = Pointer.nativeValue(Native.getDirectBufferPointer(b));
                buffer = b;
            }
            return address;
        }
    }
}
