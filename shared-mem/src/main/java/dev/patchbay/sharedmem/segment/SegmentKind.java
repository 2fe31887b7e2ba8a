package dev.patchbay.sharedmem.segment;

/** What the memory of a segment is, and how other processes find it. */
public enum SegmentKind {
    /** POSIX shared memory: {@code shm_open("/patchbay-<name>")}, a file in {@code /dev/shm}. */
    POSIX(1),
    /** System V shared memory: {@code shmget(key)} with the key derived from the name (see {@link SysVKey}). */
    SYSV(2),
    /** A file in one of our folders (see {@link SegmentFolders}), mapped shared. */
    MAPPED_FILE(3);

    private final int code;

    SegmentKind(int code) {
        this.code = code;
    }

    /** The value stored in the header's kind field. */
    public int code() {
        return code;
    }

    /** The kind with this header code, or null. */
    public static SegmentKind ofCode(int code) {
        for (SegmentKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
