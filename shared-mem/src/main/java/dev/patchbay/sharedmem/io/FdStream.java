package dev.patchbay.sharedmem.io;

import com.sun.jna.LastErrorException;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.EventFd;
import dev.patchbay.sharedmem.posix.Fcntl;
import dev.patchbay.sharedmem.posix.NativeCallException;
import dev.patchbay.sharedmem.posix.Poll;
import dev.patchbay.sharedmem.posix.RawIo;
import dev.patchbay.sharedmem.posix.Unistd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A pair of non-blocking file descriptors (one to read, one to write; either may be absent) read and written with
 * poll(2), so that reads take a timeout and {@link #close()} wakes a thread blocked in either direction at once.
 *
 * <p>Java's own streams cannot do this for pipes: a {@code FileInputStream} blocked in read stays blocked when
 * another thread closes it, and cannot time out. Here the wait is a poll on the descriptor and an eventfd that
 * {@link #close()} signals; the descriptors are closed only after every thread has left, so a descriptor number is
 * never reused under a reader's feet. Before a side sleeps it retries as its {@link WaitPolicy} says.
 *
 * <p>A would-block answer is not an exception here: the system calls report errno by return value, so a reader
 * that drains the pipe, or a writer that fills it, costs no more than the calls themselves.
 *
 * <p>Reading and writing may happen on two threads at once; two reads (or two writes) at once are not supported.
 */
public final class FdStream implements AutoCloseable {
    /**
     * The capacity asked for each pipe, four times Linux's default: a 64 KiB message and its frame header then fit
     * in one write and one read, and a writer that is ahead of its reader has to wait a quarter as often.
     */
    public static final int PIPE_CAPACITY = 256 * 1024;

    /** {@link #offer} result: everything was written. */
    public static final int WRITTEN = 1;
    /** {@link #offer} result: the descriptor was full; nothing was written. */
    public static final int WOULD_BLOCK = 0;
    /** {@link #offer} result: the reading side is gone (EPIPE). */
    public static final int BROKEN_PIPE = -1;

    private static final Logger log = LoggerFactory.getLogger(FdStream.class);
    private static final int SCRATCH_SIZE = 64 * 1024;

    private final int readFd;
    private final int writeFd;
    private final int wakeFd;
    private final String description;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    private final DescriptorWait readWait;
    private final DescriptorWait writeWait;
    private final NativeAddress readAddress = new NativeAddress();
    private final NativeAddress writeAddress = new NativeAddress();
    private final NativeAddress secondWriteAddress = new NativeAddress();
    private final ByteBuffer iovecs = ByteBuffer.allocateDirect(2 * RawIo.IOVEC_SIZE).order(ByteOrder.nativeOrder());
    private final long iovecsAddress = NativeAddress.of(iovecs);
    /** Some byte of the write call under way is out: an interrupt must not end it half-written. */
    private boolean writeStarted;
    /** The last read returned less than it asked for: the pipe was empty then, so the next read waits first. */
    private boolean drained;
    private ByteBuffer readScratch;
    private ByteBuffer writeScratch;

    private FdStream(int readFd, int writeFd, int wakeFd, String description, WaitPolicy waitPolicy) {
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.wakeFd = wakeFd;
        this.description = description;
        this.readWait = new DescriptorWait(readFd, Poll.POLLIN, wakeFd, waitPolicy, this::isClosed, description);
        this.writeWait = new DescriptorWait(writeFd, Poll.POLLOUT, wakeFd, waitPolicy, this::isClosed, description);
    }

    /** {@link #of(int, int, String, WaitPolicy)} with {@link WaitPolicy#DEFAULT}. */
    public static FdStream of(int readFd, int writeFd, String description) {
        return of(readFd, writeFd, description, WaitPolicy.DEFAULT);
    }

    /**
     * Takes ownership of the descriptors: makes them non-blocking, asks for pipes of {@link #PIPE_CAPACITY} bytes
     * (if they are pipes and the system allows it) and closes them on {@link #close()}.
     *
     * @param readFd      descriptor to read from, or -1
     * @param writeFd     descriptor to write to, or -1
     * @param description what the descriptors are, for error messages (e.g. "fifo /run/user/1000/patchbay/orders")
     * @param waitPolicy  how a side that must wait does so
     */
    public static FdStream of(int readFd, int writeFd, String description, WaitPolicy waitPolicy) {
        int wake;
        try {
            setNonBlocking(readFd, description);
            setNonBlocking(writeFd, description);
            growPipe(readFd, description);
            growPipe(writeFd, description);
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
        return new FdStream(readFd, writeFd, wake, description, waitPolicy);
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

    /**
     * Best effort: a descriptor that is no pipe refuses, and so does a pipe once the user's pipes hold more than
     * fs.pipe-user-pages-soft; the stream then works with the capacity it has, only wakes the other side more often.
     */
    private static void growPipe(int fd, String description) {
        if (fd < 0) {
            return;
        }
        try {
            if (Fcntl.fcntl(fd, Fcntl.F_GETPIPE_SZ, 0) < PIPE_CAPACITY) {
                Fcntl.fcntl(fd, Fcntl.F_SETPIPE_SZ, PIPE_CAPACITY);
            }
        } catch (LastErrorException e) {
            log.debug("{}: keeping the pipe's capacity, F_SETPIPE_SZ {} refused: {}", description, PIPE_CAPACITY,
                    Errno.describe(e.getErrorCode()));
        }
    }

    /**
     * Reads into {@code dst}, waiting up to {@code timeoutNanos} for data.
     *
     * @return bytes read (&gt; 0), 0 on timeout, -1 at end of stream (every writer closed)
     * @throws AsynchronousCloseException if {@link #close()} was called
     * @throws InterruptedIOException     if the thread was interrupted while it waited (nothing was read; the
     *                                    interrupt stays set)
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
        // After a short read the pipe was empty: on one CPU the writer cannot have run since, and between CPUs it
        // rarely has, so the wait starts at once instead of with a read that would fail.
        boolean tryRead = !drained || timeoutNanos <= 0;
        readWait.reset();
        while (true) {
            if (tryRead) {
                int wanted = dst.remaining();
                long n = RawIo.read(readFd, readAddress.atPosition(dst), wanted);
                if (n > 0) {
                    dst.position(dst.position() + (int) n);
                    drained = n < wanted;
                    return (int) n;
                }
                if (n == 0) {
                    return -1;
                }
                int errno = RawIo.errno();
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (errno != Errno.EAGAIN) {
                    throw new IOException(new NativeCallException("read(" + description + ")", errno));
                }
                if (timeoutNanos <= 0) {
                    return 0;
                }
            }
            if (!readWait.idle(timeoutNanos, true)) {
                return 0;
            }
            tryRead = true;
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
     * <p>An interrupt of the writing thread ends the wait only while no byte of this call has been written: a call
     * that has begun is finished, so that whatever framing the caller writes stays whole.
     *
     * @return false when the reading side is gone (EPIPE); true when all was written
     * @throws AsynchronousCloseException if {@link #close()} was called
     * @throws InterruptedIOException     if interrupted before the first byte went out (the interrupt stays set)
     */
    public boolean write(ByteBuffer src) throws IOException {
        checkWritable();
        enter();
        try {
            writeStarted = false;
            return src.isDirect() ? writeDirect(src, writeAddress) : writeViaScratch(src);
        } finally {
            exit();
        }
    }

    /**
     * Writes {@code first} then {@code second} as {@link #write(ByteBuffer, ByteBuffer)} does, but only if the
     * descriptor takes the first byte now: when it is full nothing is written and the call returns at once. A pipe
     * takes a write of up to PIPE_BUF (4096) bytes whole or not at all; a longer one may be taken in part, and is
     * then finished here, waiting for the reader if need be.
     *
     * @return {@link #WRITTEN}, {@link #WOULD_BLOCK} (nothing written) or {@link #BROKEN_PIPE}
     * @throws AsynchronousCloseException if {@link #close()} was called
     */
    public int offer(ByteBuffer first, ByteBuffer second) throws IOException {
        if (!first.isDirect()) {
            throw new IllegalArgumentException("offer takes a direct first buffer");
        }
        checkWritable();
        enter();
        try {
            writeStarted = false;
            long secondAddress;
            int secondLength;
            if (second.isDirect()) {
                secondAddress = secondWriteAddress.atPosition(second);
                secondLength = second.remaining();
            } else {
                // The first attempt takes a copy of the head of a heap buffer; what it leaves is written below.
                ByteBuffer scratch = writeScratch();
                secondLength = Math.min(scratch.capacity(), second.remaining());
                scratch.clear().put(second.duplicate().limit(second.position() + secondLength)).flip();
                secondAddress = secondWriteAddress.atPosition(scratch);
            }
            iovecs.putLong(0, writeAddress.atPosition(first)).putLong(8, first.remaining());
            iovecs.putLong(RawIo.IOVEC_SIZE, secondAddress).putLong(RawIo.IOVEC_SIZE + 8, secondLength);
            long n;
            do {
                n = RawIo.writev(writeFd, iovecsAddress, 2);
            } while (n < 0 && RawIo.errno() == Errno.EINTR);
            if (n < 0) {
                int errno = RawIo.errno();
                if (errno == Errno.EAGAIN) {
                    return WOULD_BLOCK;
                }
                if (errno == Errno.EPIPE) {
                    return BROKEN_PIPE;
                }
                throw new IOException(new NativeCallException("writev(" + description + ")", errno));
            }
            int inFirst = (int) Math.min(n, first.remaining());
            first.position(first.position() + inFirst);
            second.position(second.position() + (int) (n - inFirst));
            writeStarted = n > 0;
            return writeAny(first) && writeAny(second) ? WRITTEN : BROKEN_PIPE;
        } finally {
            exit();
        }
    }


    /**
     * Writes everything in {@code first}, then everything in {@code second}, as one writev(2) when the pipe has room
     * for both; a partial write is resumed where it stopped. Both buffers' positions advance to their limits.
     *
     * @return false when the reading side is gone (EPIPE); true when all was written
     * @throws AsynchronousCloseException if {@link #close()} was called
     */
    public boolean write(ByteBuffer first, ByteBuffer second) throws IOException {
        if (!first.isDirect() || !second.isDirect()) {
            checkWritable();
            enter();
            try {
                writeStarted = false;
                return writeAny(first) && writeAny(second);
            } finally {
                exit();
            }
        }
        checkWritable();
        enter();
        try {
            writeStarted = false;
            return writeGathering(first, second) && writeDirect(second, secondWriteAddress);
        } finally {
            exit();
        }
    }

    private void checkWritable() {
        if (writeFd < 0) {
            throw new IllegalStateException(description + " is not writable");
        }
    }

    private boolean writeAny(ByteBuffer src) throws IOException {
        return src.isDirect() ? writeDirect(src, writeAddress) : writeViaScratch(src);
    }

    private boolean writeDirect(ByteBuffer src, NativeAddress addresses) throws IOException {
        writeWait.reset();
        while (src.hasRemaining()) {
            long n = RawIo.write(writeFd, addresses.atPosition(src), src.remaining());
            if (n >= 0) {
                src.position(src.position() + (int) n);
                writeStarted |= n > 0;
                writeWait.reset();
            } else if (!writeFailed()) {
                return false;
            }
        }
        return true;
    }

    /** Writes until {@code first} is done; {@code second} may then have some bytes left. */
    private boolean writeGathering(ByteBuffer first, ByteBuffer second) throws IOException {
        writeWait.reset();
        while (first.hasRemaining()) {
            int firstLength = first.remaining();
            iovecs.putLong(0, writeAddress.atPosition(first)).putLong(8, firstLength);
            iovecs.putLong(RawIo.IOVEC_SIZE, secondWriteAddress.atPosition(second));
            iovecs.putLong(RawIo.IOVEC_SIZE + 8, second.remaining());
            long n = RawIo.writev(writeFd, iovecsAddress, 2);
            if (n >= 0) {
                int inFirst = (int) Math.min(n, firstLength);
                first.position(first.position() + inFirst);
                second.position(second.position() + (int) (n - inFirst));
                writeStarted |= n > 0;
                writeWait.reset();
            } else if (!writeFailed()) {
                return false;
            }
        }
        return true;
    }

    /** After a write returned -1: false on EPIPE, true once it is worth trying again. */
    private boolean writeFailed() throws IOException {
        int errno = RawIo.errno();
        if (errno == Errno.EPIPE) {
            return false;
        }
        if (errno == Errno.EAGAIN) {
            writeWait.idle(Long.MAX_VALUE, !writeStarted);
        } else if (errno != Errno.EINTR) {
            throw new IOException(new NativeCallException("write(" + description + ")", errno));
        }
        return true;
    }

    private ByteBuffer writeScratch() {
        if (writeScratch == null) {
            writeScratch = ByteBuffer.allocateDirect(SCRATCH_SIZE);
        }
        return writeScratch;
    }

    private boolean writeViaScratch(ByteBuffer src) throws IOException {
        writeScratch();
        while (src.hasRemaining()) {
            int chunk = Math.min(SCRATCH_SIZE, src.remaining());
            int limit = src.limit();
            src.limit(src.position() + chunk);
            writeScratch.clear();
            writeScratch.put(src).flip();
            src.limit(limit);
            if (!writeDirect(writeScratch, writeAddress)) {
                return false;
            }
        }
        return true;
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

    /** The descriptor reads come from (-1 if none), for poll(2) by whoever waits for many streams at once. */
    public int readFd() {
        return readFd;
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
        ByteBuffer one = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putLong(0, 1);
        // The eventfd counter cannot overflow from one write; nothing else can fail here.
        RawIo.write(wakeFd, NativeAddress.of(one), 8);
        Reference.reachabilityFence(one);
        while (inFlight.get() > 0) {
            LockSupport.parkNanos(50_000);
        }
        closeQuietly(readFd);
        closeQuietly(writeFd);
        closeQuietly(wakeFd);
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
}
