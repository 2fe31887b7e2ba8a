package dev.patchbay.sharedmem.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Lets one sending, one receiving and one watching thread use a mapping while any thread may close it, and releases the mapping
 * exactly once, after both have left: by the closer when nobody is inside, else by the last thread to leave.
 * Unmapping memory that another thread still reads kills the process (SIGSEGV); this gate is what prevents it
 * without making {@link #close()} wait.
 *
 * <p>Each lane is a flag written and read with volatile semantics, Dekker style: a thread raises its flag, then
 * looks at {@code closed}; the closer raises {@code closed}, then looks at the flags. At least one of the two sees
 * the other, so memory is never released under a thread, and a thread never enters released memory. The lanes are
 * separate fields so that a sender and a receiver in one process do not contend for one counter.
 *
 * <p>A thread inside a lane may call {@link #close()} (a message handler closing its link): the release then
 * happens when that thread leaves.
 */
public final class CloseGate {
    private static final VarHandle RELEASED;

    static {
        try {
            RELEASED = MethodHandles.lookup().findVarHandle(CloseGate.class, "released", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable release;
    private volatile boolean sending;
    private volatile boolean receiving;
    private volatile boolean watching;
    private volatile boolean closed;
    @SuppressWarnings("unused") // Changed through RELEASED only.
    private boolean released;

    /** @param release what frees the memory (unmapping); run once, by whichever thread is last */
    public CloseGate(Runnable release) {
        this.release = release;
    }

    /** Enters the send lane; false (and not entered) once the gate is closed. */
    public boolean enterSend() {
        sending = true;
        if (closed) {
            exitSend();
            return false;
        }
        return true;
    }

    /** Leaves the send lane; releases the memory if the gate closed meanwhile and the other lanes are empty. */
    public void exitSend() {
        sending = false;
        if (closed && !receiving && !watching) {
            release();
        }
    }

    /** Enters the receive lane; false (and not entered) once the gate is closed. */
    public boolean enterReceive() {
        receiving = true;
        if (closed) {
            exitReceive();
            return false;
        }
        return true;
    }

    /** Leaves the receive lane; releases the memory if the gate closed meanwhile and the other lanes are empty. */
    public void exitReceive() {
        receiving = false;
        if (closed && !sending && !watching) {
            release();
        }
    }

    /**
     * Enters the watch lane, for a third thread that only looks at the mapping (a host's agent reading a futex word
     * while another thread may send); false (and not entered) once the gate is closed.
     */
    public boolean enterWatch() {
        watching = true;
        if (closed) {
            exitWatch();
            return false;
        }
        return true;
    }

    /** Leaves the watch lane; releases the memory if the gate closed meanwhile and the other lanes are empty. */
    public void exitWatch() {
        watching = false;
        if (closed && !sending && !receiving) {
            release();
        }
    }

    /**
     * Closes the gate: no thread enters from now on, and the memory is released as soon as all lanes are empty
     * (at once if they are). Never waits.
     *
     * @return true for the call that closed it, false if it was closed already
     */
    public boolean close() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        if (!sending && !receiving && !watching) {
            release();
        }
        return true;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    private void release() {
        if (RELEASED.compareAndSet(this, false, true)) {
            release.run();
        }
    }
}
