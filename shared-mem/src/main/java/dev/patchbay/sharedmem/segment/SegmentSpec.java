package dev.patchbay.sharedmem.segment;

import dev.patchbay.sharedmem.Names;

import java.nio.file.Path;
import java.util.Objects;

import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.HEADER_LENGTH;
import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.MAX_TOTAL_SIZE;

/**
 * What to open: the kind, the name (and for mapped files the path), the mode, and the size of the data area.
 *
 * @param kind       POSIX, System V or mapped file
 * @param name       the segment name (see {@link Names}); for a mapped file, its file name
 * @param file       the mapped file's path, checked to be inside {@link SegmentFolders}; null for other kinds
 * @param mode       create, open or either
 * @param size       bytes of data wanted after the header; the segment is this plus the header, rounded up to whole
 *                   pages. Ignored (may be 0) for {@link OpenMode#OPEN_EXISTING}
 * @param persistent whether the owner keeps the segment on close (mapped files in the data folder)
 */
public record SegmentSpec(SegmentKind kind, String name, Path file, OpenMode mode, long size, boolean persistent) {
    /** The most data a segment holds. */
    public static final long MAX_SIZE = MAX_TOTAL_SIZE - HEADER_LENGTH;

    public SegmentSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mode, "mode");
        Names.validate(name);
        if ((kind == SegmentKind.MAPPED_FILE) != (file != null)) {
            throw new IllegalArgumentException("a path is given for mapped files, and only for them");
        }
        if (size < 0 || (size == 0 && mode != OpenMode.OPEN_EXISTING)) {
            throw new IllegalArgumentException("segment '" + name + "': size=" + size + " must be positive"
                    + (mode == OpenMode.OPEN_EXISTING ? " or 0" : " to create a segment"));
        }
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("segment '" + name + "': size=" + size + " is too large; a segment"
                    + " holds at most " + MAX_SIZE + " bytes of data (2 GiB less its header and a page)");
        }
    }

    /** A POSIX shared memory segment, {@code /dev/shm/patchbay-<name>}. */
    public static SegmentSpec posix(String name, OpenMode mode, long size) {
        return new SegmentSpec(SegmentKind.POSIX, name, null, mode, size, false);
    }

    /** A System V shared memory segment with the key {@link SysVKey#of}{@code (name)}. */
    public static SegmentSpec sysv(String name, OpenMode mode, long size) {
        return new SegmentSpec(SegmentKind.SYSV, name, null, mode, size, false);
    }

    /**
     * A mapped file; it must lie directly in {@link SegmentFolders#runtimeFiles()} or in
     * {@link SegmentFolders#dataFolder()} (then it is persistent).
     *
     * @throws IllegalArgumentException for a path elsewhere
     */
    public static SegmentSpec file(Path file, OpenMode mode, long size) {
        Path checked = SegmentFolders.check(file);
        return new SegmentSpec(SegmentKind.MAPPED_FILE, checked.getFileName().toString(), checked, mode, size,
                SegmentFolders.isPersistent(checked));
    }

    /** A mapped file in the runtime folder, removed when its owner closes it. */
    public static SegmentSpec runtimeFile(String name, OpenMode mode, long size) {
        return file(SegmentFolders.runtimeFiles().resolve(Names.validate(name)), mode, size);
    }

    /** A mapped file in the data folder, kept after its owner closes it. */
    public static SegmentSpec persistentFile(String name, OpenMode mode, long size) {
        return file(SegmentFolders.dataFolder().resolve(Names.validate(name)), mode, size);
    }

    /** The same segment with another mode and size. */
    public SegmentSpec with(OpenMode newMode, long newSize) {
        return new SegmentSpec(kind, name, file, newMode, newSize, persistent);
    }

    /** The whole segment's size in bytes: header plus data, rounded up to whole pages. */
    public long totalSize() {
        return Pages.roundUp(HEADER_LENGTH + size);
    }

    /** Where the segment is, for messages: {@code "POSIX segment /patchbay-orders"}. */
    public String describe() {
        return switch (kind) {
            case POSIX -> "POSIX segment " + Names.posixName(name);
            case SYSV -> "System V segment '" + name + "' (key " + SysVKey.hex(SysVKey.of(name)) + ")";
            case MAPPED_FILE -> "mapped file " + file;
        };
    }
}
