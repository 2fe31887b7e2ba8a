package dev.patchbay.sharedmem.posix;

/** {@code <sys/ipc.h>}: flags and commands shared by the System V IPC calls. */
public final class Ipc {
    /** The key that always makes a new, unnamed object. */
    public static final int IPC_PRIVATE = 0;
    /** Create the object if the key has none. */
    public static final int IPC_CREAT = 01000;
    /** With {@link #IPC_CREAT}: fail with EEXIST if the key already has an object. */
    public static final int IPC_EXCL = 02000;
    public static final int IPC_NOWAIT = 04000;
    /** Mark the object for removal; it goes once the last process has detached. */
    public static final int IPC_RMID = 0;
    public static final int IPC_SET = 1;
    /** Copy the object's {@code *_ds} structure into the buffer given. */
    public static final int IPC_STAT = 2;

    private Ipc() {
    }
}
