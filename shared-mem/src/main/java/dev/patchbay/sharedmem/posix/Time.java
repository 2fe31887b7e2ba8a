package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code <time.h>}: clocks. A {@code struct timespec} is passed as native memory of {@link #TIMESPEC_SIZE} bytes:
 * {@code tv_sec} (int64) at {@link #TV_SEC_OFFSET}, {@code tv_nsec} (int64) at {@link #TV_NSEC_OFFSET}.
 */
public final class Time {
    public static final int CLOCK_REALTIME = 0;
    /** The clock the timed waits here use: it does not jump when the wall clock is set. */
    public static final int CLOCK_MONOTONIC = 1;
    public static final int TIMESPEC_SIZE = 16;
    public static final int TV_SEC_OFFSET = 0;
    public static final int TV_NSEC_OFFSET = 8;

    static {
        Native.register(Time.class, Platform.C_LIBRARY_NAME);
    }

    private Time() {
    }

    /** clock_gettime(2): stores the time of {@code clockid} in the timespec at {@code tp}. */
    public static native int clock_gettime(int clockid, long tp) throws LastErrorException;
}
