package dev.patchbay.sharedmem.segment;

import dev.patchbay.sharedmem.posix.Unistd;

/** The page size, and sizes rounded to it. */
public final class Pages {
    /** The size of a memory page, from {@code sysconf(_SC_PAGESIZE)}. */
    public static final int SIZE = pageSize();

    private Pages() {
    }

    private static int pageSize() {
        long size = Unistd.sysconf(Unistd._SC_PAGESIZE);
        return size > 0 && Long.bitCount(size) == 1 ? (int) size : 4096;
    }

    /** {@code bytes} rounded up to whole pages. */
    public static long roundUp(long bytes) {
        return (bytes + SIZE - 1) & -(long) SIZE;
    }
}
