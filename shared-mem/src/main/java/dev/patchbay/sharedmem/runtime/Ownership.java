package dev.patchbay.sharedmem.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.NotOwnedException;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Stat;
import dev.patchbay.sharedmem.posix.Unistd;

/**
 * The check made before Patchbay writes a byte into an object it opened or joined: the object belongs to this user
 * (its uid is the effective uid) and grants nothing to group or others (0600 for files, 0700 for folders).
 *
 * <p>Files are asked through their open descriptor ({@code fstat}), not their name, so nothing can be swapped in
 * between the check and the use. Another user who made a segment at our name, or left it readable, would otherwise
 * receive (or forge) our messages.
 */
public final class Ownership {
    private static final int GROUP_AND_OTHERS = 0077;
    private static final int PERMISSION_BITS = 07777;

    private Ownership() {
    }

    /** What {@code fstat} says about an open file: its owner and its {@code st_mode} (type and permissions). */
    public record Status(int uid, int mode) {
        /** The permission bits, e.g. {@code 0600}. */
        public int permissions() {
            return mode & PERMISSION_BITS;
        }

        /** The file type bits ({@link Stat#S_IFREG}, {@link Stat#S_IFIFO}, ...). */
        public int type() {
            return mode & Stat.S_IFMT;
        }
    }

    /** {@code fstat(fd)}; {@code what} names the object in a failure's message. */
    public static Status of(int fd, String what) {
        try (Memory buf = new Memory(Stat.STAT_SIZE)) {
            buf.clear();
            Stat.fstat(fd, Pointer.nativeValue(buf));
            return new Status(buf.getInt(Stat.ST_UID_OFFSET), buf.getInt(Stat.ST_MODE_OFFSET));
        } catch (LastErrorException e) {
            throw Errno.failure("fstat(" + what + ")", e);
        }
    }

    /**
     * Refuses the object open at {@code fd} unless it is this user's and private to it.
     *
     * @param what the object, as a user would name it: {@code "POSIX segment /dev/shm/patchbay-orders"}
     * @throws NotOwnedException naming the object, its owner and mode, and what to do
     */
    public static Status requireOwn(int fd, String what) {
        Status status = of(fd, what);
        require(status.uid(), status.permissions(), what);
        return status;
    }

    /**
     * The same check on an owner and mode read some other way (a System V segment has no descriptor to ask).
     *
     * @throws NotOwnedException naming the object, its owner and mode, and what to do
     */
    public static void require(int uid, int permissions, String what) {
        int me = Unistd.geteuid();
        if (uid != me) {
            throw new NotOwnedException(what + " belongs to uid " + Integer.toUnsignedString(uid) + " (mode "
                    + octal(permissions) + "), not to you (uid " + me + "); Patchbay will not write to another"
                    + " user's object: ask its owner to remove it, or use another name");
        }
        if ((permissions & GROUP_AND_OTHERS) != 0) {
            throw new NotOwnedException(what + " is yours but has mode " + octal(permissions) + ", open to other"
                    + " users (Patchbay makes its objects 0600), so someone else may read or write it: remove it"
                    + " (patchbay segments gc, or rm), or use another name");
        }
    }

    /** {@code 0600}-style text of permission bits. */
    public static String octal(int permissions) {
        return String.format("%04o", permissions & PERMISSION_BITS);
    }
}
