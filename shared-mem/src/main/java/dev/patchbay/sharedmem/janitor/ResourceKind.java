package dev.patchbay.sharedmem.janitor;

/** The kinds of thing Patchbay leaves in the system. */
public enum ResourceKind {
    /** A POSIX shared memory segment, {@code /dev/shm/patchbay-<name>}. */
    POSIX,
    /** A System V shared memory segment whose header proves it ours. */
    SYSV,
    /** A fifo pair of the fifo backend, {@code <runtime>/fifo/<name>.c2s|.s2c|.owner}. */
    FIFO,
    /** A mapped-file segment in {@code <runtime>/mmap} or the data folder. */
    MAPPED_FILE,
    /** A POSIX named semaphore, {@code /dev/shm/sem.patchbay-<name>}, with its owner file. */
    SEMAPHORE,
    /** A host's control socket, {@code <runtime>/control/<pid>.sock}. */
    CONTROL_SOCKET,
    /** A demo's or soak run's private copy of a plugins folder, {@code <java.io.tmpdir>/patchbay-demo-<pid>-*}. */
    DEMO_FOLDER,
    /**
     * What the aeron backend keeps in {@code <runtime>/aeron}: an embedded media driver's folder
     * {@code driver-<pid>-<start>-*}, or a named address's meeting files {@code <name>.ports} and {@code .owner}.
     */
    AERON
}
