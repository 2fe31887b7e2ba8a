package dev.patchbay.sharedmem;

import java.nio.ByteBuffer;

/**
 * The magic number and version a Patchbay memory layout begins with, and the one place where they are checked, so
 * that every layout refuses foreign or newer memory with the same words. A reader that attaches to memory written by
 * another process (or another release, or a crashed creator) checks the magic, then the major version, then that
 * the memory is large enough; minor versions only add, so any minor of a known major is read.
 *
 * <pre>
 *   at+0           at+4       at+6       at+8
 *   +--------------+----------+----------+
 *   | magic (u32)  | major u16| minor u16|     the common header; a creator stores the magic last, with release
 *   +--------------+----------+----------+     semantics, and a reader loads it first, with acquire semantics
 * </pre>
 *
 * A layout with a header of another shape (the segment header's 64-bit magic) still checks through
 * {@link #check(String, long, int, int)}.
 *
 * @param name  what the layout is called in messages, e.g. {@code "ring buffer"}
 * @param magic the magic number, unsigned
 * @param major the major version written and read
 * @param minor the minor version written
 */
public record LayoutHeader(String name, long magic, int major, int minor) {
    /** Offsets within the common header. */
    public static final int MAGIC_OFFSET = 0;
    public static final int MAJOR_OFFSET = 4;
    public static final int MINOR_OFFSET = 6;
    /** Bytes of the common header. */
    public static final int LENGTH = 8;

    /** A layout with the common header and a 32-bit magic. */
    public static LayoutHeader of(String name, int magic, int major, int minor) {
        return new LayoutHeader(name, Integer.toUnsignedLong(magic), major, minor);
    }

    /**
     * Checks the common header at {@code at} in {@code b}.
     *
     * @param where names the memory in the message, e.g. {@code "POSIX segment /patchbay-orders"}
     * @throws IncompatibleLayoutException if the magic is not this layout's or the major version differs
     */
    public void check(String where, ByteBuffer b, int at) {
        check(where, Integer.toUnsignedLong((int) MemoryViews.INT.getAcquire(b, at + MAGIC_OFFSET)),
                Short.toUnsignedInt(b.getShort(at + MAJOR_OFFSET)), Short.toUnsignedInt(b.getShort(at + MINOR_OFFSET)));
    }

    /** Checks header values read by the caller; see {@link #check(String, ByteBuffer, int)}. */
    public void check(String where, long foundMagic, int foundMajor, int foundMinor) {
        String problem = problem(foundMagic, foundMajor, foundMinor);
        if (problem != null) {
            throw new IncompatibleLayoutException(where + " " + problem);
        }
    }

    /**
     * What is wrong with these header values, as the end of a sentence whose subject is the memory ("is not ...",
     * "has ..."); null if they are this layout's.
     */
    public String problem(long foundMagic, int foundMajor, int foundMinor) {
        if (foundMagic != magic) {
            return "is not a Patchbay layout: " + name + " magic " + hex(foundMagic) + ", expected " + hex(magic);
        }
        if (foundMajor != major) {
            return "has " + name + " layout version " + foundMajor + "." + foundMinor + "; this side reads version "
                    + major + ".x (it writes " + major + "." + minor + ")";
        }
        return null;
    }

    /**
     * Checks that the memory holding this layout is at least {@code needed} bytes long.
     *
     * @throws IncompatibleLayoutException naming both sizes
     */
    public void requireLength(String where, long length, long needed) {
        if (length < needed) {
            throw new IncompatibleLayoutException(where + " is " + length + " bytes, too small for a " + name
                    + " of version " + major + "." + minor + " (at least " + needed + ")");
        }
    }

    /** Writes the version fields of the common header at {@code at}; the magic comes last, with {@link #publish}. */
    public void writeVersion(ByteBuffer b, int at) {
        b.putShort(at + MAJOR_OFFSET, (short) major);
        b.putShort(at + MINOR_OFFSET, (short) minor);
    }

    /** Stores the magic at {@code at} with release semantics: everything written before it is seen with it. */
    public void publish(ByteBuffer b, int at) {
        MemoryViews.INT.setRelease(b, at + MAGIC_OFFSET, (int) magic);
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
