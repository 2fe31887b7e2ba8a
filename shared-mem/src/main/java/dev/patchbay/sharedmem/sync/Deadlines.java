package dev.patchbay.sharedmem.sync;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Time;

import java.time.Duration;

/** Absolute and relative {@code struct timespec} values for the timed waits of the C library. */
final class Deadlines {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Deadlines() {
    }

    /** A timespec holding "now + timeout" on {@code CLOCK_MONOTONIC}, for {@code *_clockwait}/{@code *_clocklock}. */
    static Memory monotonicAfter(Duration timeout) {
        long nanos = toNanos(timeout);
        Memory ts = new Memory(Time.TIMESPEC_SIZE);
        try {
            Time.clock_gettime(Time.CLOCK_MONOTONIC, Pointer.nativeValue(ts));
        } catch (LastErrorException e) {
            ts.close();
            throw Errno.failure("clock_gettime(CLOCK_MONOTONIC)", e);
        }
        long sum = ts.getLong(Time.TV_NSEC_OFFSET) + nanos % NANOS_PER_SECOND;
        long seconds = ts.getLong(Time.TV_SEC_OFFSET) + nanos / NANOS_PER_SECOND + sum / NANOS_PER_SECOND;
        ts.setLong(Time.TV_SEC_OFFSET, seconds);
        ts.setLong(Time.TV_NSEC_OFFSET, sum % NANOS_PER_SECOND);
        return ts;
    }

    /** Writes {@code nanos} as a relative timespec into {@code ts}. */
    static void relative(Memory ts, long nanos) {
        ts.setLong(Time.TV_SEC_OFFSET, nanos / NANOS_PER_SECOND);
        ts.setLong(Time.TV_NSEC_OFFSET, nanos % NANOS_PER_SECOND);
    }

    /** The timeout in nanoseconds, saturated; negative timeouts are refused. */
    static long toNanos(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout=" + timeout + " must not be negative");
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
