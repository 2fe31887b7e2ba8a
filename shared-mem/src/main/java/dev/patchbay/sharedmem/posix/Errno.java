package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.util.Map;

/** errno values and their names; the one place where a failed call becomes a readable message. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    public static final int EDEADLK = 35;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int EIDRM = 43;
    public static final int EOVERFLOW = 75;
    public static final int EOPNOTSUPP = 95;
    public static final int ETIMEDOUT = 110;
    public static final int EOWNERDEAD = 130;
    public static final int ENOTRECOVERABLE = 131;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(ESRCH, "ESRCH"),
            Map.entry(EINTR, "EINTR"), Map.entry(EIO, "EIO"), Map.entry(ENXIO, "ENXIO"), Map.entry(EBADF, "EBADF"),
            Map.entry(EAGAIN, "EAGAIN"), Map.entry(ENOMEM, "ENOMEM"), Map.entry(EACCES, "EACCES"),
            Map.entry(EFAULT, "EFAULT"), Map.entry(EBUSY, "EBUSY"), Map.entry(EEXIST, "EEXIST"),
            Map.entry(ENODEV, "ENODEV"), Map.entry(ENOTDIR, "ENOTDIR"), Map.entry(EINVAL, "EINVAL"),
            Map.entry(ENFILE, "ENFILE"), Map.entry(EMFILE, "EMFILE"), Map.entry(EFBIG, "EFBIG"),
            Map.entry(ENOSPC, "ENOSPC"), Map.entry(EPIPE, "EPIPE"), Map.entry(ERANGE, "ERANGE"),
            Map.entry(EDEADLK, "EDEADLK"), Map.entry(ENAMETOOLONG, "ENAMETOOLONG"), Map.entry(ENOSYS, "ENOSYS"),
            Map.entry(EIDRM, "EIDRM"), Map.entry(EOVERFLOW, "EOVERFLOW"), Map.entry(EOPNOTSUPP, "EOPNOTSUPP"),
            Map.entry(ETIMEDOUT, "ETIMEDOUT"), Map.entry(EOWNERDEAD, "EOWNERDEAD"),
            Map.entry(ENOTRECOVERABLE, "ENOTRECOVERABLE"));

    static {
        Native.register(Errno.class, Platform.C_LIBRARY_NAME);
    }

    private Errno() {
    }

    private static native String strerror(int errnum);

    /** The symbolic name of an errno value, such as {@code "EEXIST"}, or {@code "errno 123"}. */
    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** {@code "EEXIST (File exists)"}. */
    public static String describe(int errno) {
        return name(errno) + " (" + strerror(errno) + ")";
    }

    /** The exception for a failed call, e.g. {@code failure("mkfifo(/run/x)", e)}. */
    public static NativeCallException failure(String call, LastErrorException e) {
        return new NativeCallException(call, e.getErrorCode());
    }
}
