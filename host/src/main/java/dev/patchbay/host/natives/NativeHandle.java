package dev.patchbay.host.natives;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One object a native library made (a link or an acceptor), with the bookkeeping that makes closing it safe from
 * any thread: every call into it is counted, {@link #close} shuts it down (waking a blocked call) and the C object
 * is released only when the last counted call has returned, by the thread that leaves last. Nothing touches the
 * object, or memory it mapped, after that.
 */
abstract class NativeHandle {
    protected final LoadedLibrary library;
    protected final NativeAbi abi;
    protected final long handle;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean closing;

    NativeHandle(LoadedLibrary library, long handle) {
        this.library = library;
        this.abi = library.abi();
        this.handle = handle;
    }

    /** Registers with the library (which then stays loaded while this is open). Call once, after construction. */
    final void adopted() {
        library.adopt(this);
        watched(true);
    }

    /** Told when the object is adopted (true) and when it is released (false). */
    protected void watched(boolean on) {
    }

    /** Counts a call into the object; false (and nothing counted) once it is closing. */
    final boolean enter() {
        calls.incrementAndGet();
        if (closing) {
            leave();
            return false;
        }
        return true;
    }

    /** Ends a counted call; the last one out of a closing object releases it. */
    final void leave() {
        if (calls.decrementAndGet() == 0 && closing) {
            release();
        }
    }

    /** Shuts the object down and releases it once no call runs. Any thread, any time, more than once. */
    public void close() {
        // Counted while shutting down, so that a call leaving meanwhile cannot release the object under us.
        calls.incrementAndGet();
        closing = true;
        try {
            if (!released.get()) {
                shutdown();
            }
        } finally {
            leave();
        }
    }

    final boolean isClosing() {
        return closing;
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            try {
                watched(false);
                free();
            } finally {
                library.forget(this);
            }
        }
    }

    /** pb_shutdown or pb_acceptor_shutdown: wakes blocked calls; may run while they do. */
    protected abstract void shutdown();

    /** pb_close or pb_acceptor_close: no other call runs, none will. */
    protected abstract void free();
}
