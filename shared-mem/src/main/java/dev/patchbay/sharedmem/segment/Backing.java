package dev.patchbay.sharedmem.segment;

/**
 * The memory behind a segment and the system calls that make, find, map and remove it. One instance serves one
 * {@link Segment}: it remembers what it mapped.
 */
abstract sealed class Backing permits FdBacking, SysVBacking {
    /** The address of the mapping, 0 while there is none. */
    long address;
    /** The length of the mapping in bytes. */
    long length;

    static Backing of(SegmentSpec spec) {
        return switch (spec.kind()) {
            case POSIX -> new PosixBacking(spec);
            case SYSV -> new SysVBacking(spec);
            case MAPPED_FILE -> new FileBacking(spec);
        };
    }

    /**
     * Creates the memory exclusively, {@code totalSize} bytes of zeros with mode 0600, and maps it.
     *
     * @return false if the name is already taken (nothing is mapped then)
     */
    abstract boolean create(long totalSize);

    /**
     * Maps the memory that exists under the name, waiting until {@code deadlineNanos} (of {@link System#nanoTime})
     * for a creator that has made it but not yet sized it.
     *
     * @return false if nothing exists under the name
     */
    abstract boolean open(long deadlineNanos);

    /** Writes the mapping back to its file, where there is one. */
    abstract void flush();

    /** Writes the pages holding {@code [offset, offset + length)} of the mapping back to its file, if any. */
    abstract void flush(long offset, long length);

    /** Removes the mapping from this process; later access to its memory kills the process. */
    abstract void unmap();

    /** Removes the name (unlink, IPC_RMID); mappings that exist stay valid until unmapped. */
    abstract void remove();
}
