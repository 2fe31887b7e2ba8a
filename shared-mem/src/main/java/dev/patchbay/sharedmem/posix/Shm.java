package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code <sys/shm.h>}: System V shared memory. A segment is found by a 32-bit key, lives until it is marked with
 * {@link Ipc#IPC_RMID} and the last process has detached, and its mode is not masked by the umask.
 *
 * <p>{@code struct shmid_ds} is passed as native memory of {@link #SHMID_DS_SIZE} bytes; the offsets below are the
 * same on x86-64 and AArch64 with glibc.
 */
public final class Shm {
    /** shmat flag: attach read-only. */
    public static final int SHM_RDONLY = 010000;
    /** What {@link #shmat} returns on failure, {@code (void *) -1}. */
    public static final long SHMAT_FAILED = -1L;

    /** Bytes to allocate for a {@code struct shmid_ds} (112 on glibc, rounded up). */
    public static final int SHMID_DS_SIZE = 128;
    /** {@code shm_perm.__key}: int. */
    public static final int SHM_PERM_KEY_OFFSET = 0;
    /** {@code shm_perm.uid}: the owner's user id, uint32. */
    public static final int SHM_PERM_UID_OFFSET = 4;
    /** {@code shm_perm.mode}: the permission bits, uint16 on x86-64 and uint32 on AArch64 (read 16 bits). */
    public static final int SHM_PERM_MODE_OFFSET = 20;
    /** {@code shm_segsz}: the size in bytes, size_t. */
    public static final int SHM_SEGSZ_OFFSET = 48;
    /** {@code shm_cpid}: the creator's pid, int32. */
    public static final int SHM_CPID_OFFSET = 80;
    /** {@code shm_nattch}: the number of attachments, unsigned long. */
    public static final int SHM_NATTCH_OFFSET = 88;

    static {
        Native.register(Shm.class, Platform.C_LIBRARY_NAME);
    }

    private Shm() {
    }

    /**
     * shmget(2): returns the id of the segment with {@code key}, creating one of {@code size} bytes if
     * {@code shmflg} has {@link Ipc#IPC_CREAT}. The low 9 bits of {@code shmflg} are the mode.
     */
    public static native int shmget(int key, long size, int shmflg) throws LastErrorException;

    /** shmat(2): attaches segment {@code shmid} and returns its address; pass 0 for {@code shmaddr}. */
    public static native long shmat(int shmid, long shmaddr, int shmflg) throws LastErrorException;

    /** shmdt(2): detaches the segment attached at {@code shmaddr}. */
    public static native int shmdt(long shmaddr) throws LastErrorException;

    /** shmctl(2): {@link Ipc#IPC_STAT} fills {@code buf}; {@link Ipc#IPC_RMID} ignores it (pass 0). */
    public static native int shmctl(int shmid, int cmd, long buf) throws LastErrorException;
}
