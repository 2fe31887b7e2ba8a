package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** {@code <signal.h>}: sending signals to processes (Linux numbers). */
public final class Signal {
    public static final int SIGKILL = 9;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;

    static {
        Native.register(Signal.class, Platform.C_LIBRARY_NAME);
    }

    private Signal() {
    }

    /** kill(2): sends {@code sig} to process {@code pid}; 0 tests whether it exists and may be signalled. */
    public static native int kill(int pid, int sig) throws LastErrorException;
}
