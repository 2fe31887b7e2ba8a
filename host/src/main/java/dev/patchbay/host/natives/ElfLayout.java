package dev.patchbay.host.natives;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Checks that every part of an ELF shared library its header points at lies within the file, before the dynamic
 * loader maps it: the loader trusts those numbers, and touching a mapped page past the end of a truncated file
 * raises SIGBUS, which kills the whole process. Runs after {@link ElfCheck} (class, byte order and machine match
 * this process), so only the layout is looked at here.
 *
 * <pre>
 *  ELF header        e_phoff, e_phnum x e_phentsize   -> program headers: PT_LOAD file ranges, PT_DYNAMIC
 *                    e_shoff, e_shnum x e_shentsize   -> section headers: each section's file range
 * </pre>
 */
final class ElfLayout {
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int SHT_NOBITS = 8;
    /** e_phnum's escape to a count kept in section header 0: no shared library needs 65,535 program headers. */
    private static final int PN_XNUM = 0xffff;

    private ElfLayout() {
    }

    /** Where the fields sit: the 64-bit and the 32-bit layouts differ in offsets and widths. */
    private record Format(int headerSize, int phoff, int shoff, int phentsizeAt, int phdrSize, int shdrSize,
                          int pOffset, int pFilesz, int pMemsz, int shOffset, int shSize, boolean wide) {
        static final Format ELF64 = new Format(64, 32, 40, 54, 56, 64, 8, 32, 40, 24, 32, true);
        static final Format ELF32 = new Format(52, 28, 32, 42, 32, 40, 4, 16, 20, 16, 20, false);
    }

    /**
     * Why the library in {@code bytes} cannot be handed to the dynamic loader, naming {@code fileName}; empty if
     * its layout is sound. {@code bytes} must start with an ELF header of this process's class and byte order.
     */
    static Optional<String> problem(String fileName, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(bytes[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        Format f = bytes[4] == 2 ? Format.ELF64 : Format.ELF32;
        long length = bytes.length;
        if (length < f.headerSize()) {
            return Optional.of(fileName + " is truncated: it is " + length + " bytes, shorter than its ELF header ("
                    + f.headerSize() + " bytes)");
        }
        Optional<String> programs = programHeaders(fileName, b, f, length);
        return programs.isPresent() ? programs : sectionHeaders(fileName, b, f, length);
    }

    private static Optional<String> programHeaders(String fileName, ByteBuffer b, Format f, long length) {
        long phoff = word(b, f, f.phoff());
        int entry = Short.toUnsignedInt(b.getShort(f.phentsizeAt()));
        int count = Short.toUnsignedInt(b.getShort(f.phentsizeAt() + 2));
        if (count == 0 || count == PN_XNUM) {
            return Optional.of(fileName + " has no usable program headers (e_phnum " + count + "): the dynamic"
                    + " loader would have nothing to map");
        }
        if (entry != f.phdrSize()) {
            return Optional.of(fileName + " is damaged: its program headers are " + entry + " bytes each, where "
                    + (f.wide() ? "64" : "32") + "-bit ELF has " + f.phdrSize());
        }
        boolean dynamic = false;
        for (int i = 0; i < count; i++) {
            long start = phoff + (long) i * entry;
            long end = end(phoff, (long) (i + 1) * entry);
            if (end > length) {
                return Optional.of(fileName + " is truncated: program header " + i + " ends at byte "
                        + unsigned(end) + " past the file's end " + length);
            }
            int at = (int) start;
            int type = b.getInt(at);
            long offset = word(b, f, at + f.pOffset());
            long fileSize = word(b, f, at + f.pFilesz());
            long memSize = word(b, f, at + f.pMemsz());
            long segmentEnd = end(offset, fileSize);
            if (segmentEnd > length) {
                return Optional.of(fileName + " is truncated: the " + segment(type) + " of program header " + i
                        + " covers bytes " + unsigned(offset) + " to " + unsigned(segmentEnd) + ", past the file's"
                        + " end " + length);
            }
            if (type == PT_LOAD && Long.compareUnsigned(fileSize, memSize) > 0) {
                return Optional.of(fileName + " is damaged: the PT_LOAD segment of program header " + i + " has more"
                        + " bytes in the file (" + unsigned(fileSize) + ") than in memory (" + unsigned(memSize)
                        + ")");
            }
            dynamic |= type == PT_DYNAMIC;
        }
        if (!dynamic) {
            return Optional.of(fileName + " has no dynamic section (no PT_DYNAMIC program header): it is not a"
                    + " shared library the dynamic loader can link");
        }
        return Optional.empty();
    }

    private static Optional<String> sectionHeaders(String fileName, ByteBuffer b, Format f, long length) {
        long shoff = word(b, f, f.shoff());
        int entry = Short.toUnsignedInt(b.getShort(f.phentsizeAt() + 4));
        int count = Short.toUnsignedInt(b.getShort(f.phentsizeAt() + 6));
        if (count == 0) {
            // A stripped library may carry no section headers; the loader does not need them.
            return Optional.empty();
        }
        if (entry != f.shdrSize()) {
            return Optional.of(fileName + " is damaged: its section headers are " + entry + " bytes each, where "
                    + (f.wide() ? "64" : "32") + "-bit ELF has " + f.shdrSize());
        }
        for (int i = 0; i < count; i++) {
            long end = end(shoff, (long) (i + 1) * entry);
            if (end > length) {
                return Optional.of(fileName + " is truncated: section header " + i + " ends at byte "
                        + unsigned(end) + " past the file's end " + length);
            }
            int at = (int) (shoff + (long) i * entry);
            if (b.getInt(at + 4) == SHT_NOBITS) {
                continue;
            }
            long offset = word(b, f, at + f.shOffset());
            long sectionEnd = end(offset, word(b, f, at + f.shSize()));
            if (sectionEnd > length) {
                return Optional.of(fileName + " is truncated: section " + i + " covers bytes " + unsigned(offset)
                        + " to " + unsigned(sectionEnd) + ", past the file's end " + length);
            }
        }
        return Optional.empty();
    }

    /** An address-sized field: 8 bytes in 64-bit ELF, 4 in 32-bit; unsigned either way. */
    private static long word(ByteBuffer b, Format f, int at) {
        return f.wide() ? b.getLong(at) : Integer.toUnsignedLong(b.getInt(at));
    }

    /** {@code offset + size} of two unsigned fields, or Long.MAX_VALUE when that does not fit (surely past the end). */
    private static long end(long offset, long size) {
        if (offset < 0 || size < 0 || offset > Long.MAX_VALUE - size) {
            return Long.MAX_VALUE;
        }
        return offset + size;
    }

    private static String unsigned(long value) {
        return value == Long.MAX_VALUE ? "2^63 or more" : Long.toUnsignedString(value);
    }

    private static String segment(int type) {
        return switch (type) {
            case PT_LOAD -> "PT_LOAD segment";
            case PT_DYNAMIC -> "PT_DYNAMIC segment";
            default -> "segment (type 0x" + Integer.toHexString(type) + ")";
        };
    }
}
