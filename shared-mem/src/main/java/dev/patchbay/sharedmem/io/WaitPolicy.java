package dev.patchbay.sharedmem.io;

import java.util.concurrent.TimeUnit;

/**
 * How a side of an {@link FdStream} waits when its descriptor is not ready (nothing to read, no room to write):
 * first {@code spins} retries with only a spin-wait hint between them, then retries each after
 * {@link Thread#yield()} until {@code yieldNanos} have passed since the wait began, then poll(2) until the
 * descriptor is ready, the timeout passes or the stream is closed.
 *
 * <p>A side that keeps retrying for a moment is still awake when the other side serves it, so that side's write or
 * read need not wake it through the kernel (tens of microseconds between CPUs on a virtual machine). Yielding
 * matters when both sides share one CPU: a retry loop there only delays the peer it waits for, so it hands the CPU
 * over at once, and on a CPU of its own a yield returns at once and acts as one more retry. Each retry is a system
 * call, so spins are few. Both phases are bounded; an idle side sleeps in the kernel.
 *
 * @param spins      retries before the first yield; 0 or more
 * @param yieldNanos how long from the start of a wait to keep yielding and retrying before sleeping; 0 or more
 */
public record WaitPolicy(int spins, long yieldNanos) {
    /**
     * No bare retries, yields for up to 50 µs, then poll(2). A retry is a system call of about half a microsecond
     * already, so on a CPU of its own a yield between retries costs nothing, and on a shared CPU a bare retry only
     * keeps the peer from running. 50 µs is a little more than a wake-up between CPUs costs on a virtual machine:
     * an answer that comes within that time is taken without sleeping.
     */
    public static final WaitPolicy DEFAULT = new WaitPolicy(0, TimeUnit.MICROSECONDS.toNanos(50));
    /** Straight to poll(2): no CPU spent while waiting, every wait pays a kernel wake-up. */
    public static final WaitPolicy SLEEP = new WaitPolicy(0, 0);

    public WaitPolicy {
        if (spins < 0 || yieldNanos < 0) {
            throw new IllegalArgumentException("spins and yieldNanos must not be negative: " + spins + ", "
                    + yieldNanos);
        }
    }
}
