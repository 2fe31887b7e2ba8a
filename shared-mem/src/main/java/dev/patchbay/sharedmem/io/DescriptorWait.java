package dev.patchbay.sharedmem.io;

import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.NativeCallException;
import dev.patchbay.sharedmem.posix.Poll;
import dev.patchbay.sharedmem.posix.RawIo;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One direction of an {@link FdStream} waiting for its descriptor, from a would-block answer until the call
 * succeeds, as its {@link WaitPolicy} says: retry, yield, then poll(2) on the descriptor and the eventfd that the
 * stream's close signals. The {@code struct pollfd} pair lives in a direct buffer rather than JNA memory so that
 * reading {@code revents} is a plain load, not a native call.
 */
final class DescriptorWait {
    private static final int WAKE_REVENTS = Poll.POLLFD_SIZE + 6;
    /**
     * The longest a single poll(2) sleeps: a Java interrupt does not wake a thread inside a native call, so it is
     * looked at between slices. Ten wake-ups a second cost a blocked thread nothing measurable.
     */
    private static final int SLICE_MILLIS = 100;

    private final WaitPolicy policy;
    private final BooleanSupplier closed;
    private final String description;
    private final ByteBuffer fds = ByteBuffer.allocateDirect(2 * Poll.POLLFD_SIZE).order(ByteOrder.nativeOrder());
    private final long fdsAddress = NativeAddress.of(fds);
    private int round;
    private long start;

    DescriptorWait(int fd, int events, int wakeFd, WaitPolicy policy, BooleanSupplier closed, String description) {
        this.policy = policy;
        this.closed = closed;
        this.description = description;
        fds.putInt(0, fd).putShort(4, (short) events);
        fds.putInt(Poll.POLLFD_SIZE, wakeFd).putShort(Poll.POLLFD_SIZE + 4, (short) Poll.POLLIN);
    }

    /** Starts a new wait: the descriptor was ready, or a new call begins. */
    void reset() {
        round = 0;
    }

    /**
     * Waits a little more.
     *
     * @param timeoutNanos  how long the whole wait may last, from its first round; {@link Long#MAX_VALUE} for ever
     * @param interruptible whether an interrupt of the waiting thread ends the wait
     * @return true to try the call again, false when the time is up
     * @throws AsynchronousCloseException if the stream was closed
     * @throws InterruptedIOException     if {@code interruptible} and the thread is interrupted (the interrupt
     *                                    stays set)
     */
    boolean idle(long timeoutNanos, boolean interruptible) throws IOException {
        if (closed.getAsBoolean()) {
            throw new AsynchronousCloseException();
        }
        if (interruptible && Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while waiting on " + description);
        }
        if (round++ == 0) {
            start = System.nanoTime();
        }
        if (round <= policy.spins()) {
            Thread.onSpinWait();
            return true;
        }
        long waited = System.nanoTime() - start;
        if (waited >= timeoutNanos) {
            return false;
        }
        if (waited < policy.yieldNanos()) {
            Thread.yield();
            return true;
        }
        int millis = timeoutNanos == Long.MAX_VALUE ? SLICE_MILLIS
                : (int) Math.min(SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(timeoutNanos - waited + 999_999));
        boolean ready = poll(millis);
        if (closed.getAsBoolean() || fds.getShort(WAKE_REVENTS) != 0) {
            throw new AsynchronousCloseException();
        }
        // A slice that ended with nothing ready is no timeout unless the whole wait is over.
        return ready || System.nanoTime() - start < timeoutNanos;
    }

    /** True when the descriptor is ready or hung up, false when {@code millis} passed. */
    private boolean poll(int millis) throws IOException {
        while (true) {
            int ready = RawIo.poll(fdsAddress, 2, millis);
            if (ready >= 0) {
                return ready > 0;
            }
            int errno = RawIo.errno();
            if (errno != Errno.EINTR) {
                throw new IOException(new NativeCallException("poll(" + description + ")", errno));
            }
        }
    }
}
