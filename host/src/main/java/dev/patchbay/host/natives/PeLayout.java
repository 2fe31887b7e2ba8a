package dev.patchbay.host.natives;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks that every part of a PE DLL its headers point at lies within the file, as {@link ElfLayout} does for
 * ELF: the optional header, the headers' declared size, the section table, each section's raw data and the COFF
 * symbol and string tables (mingw-w64 keeps them unless stripped). A copy cut short while it was written fails
 * here, by name, instead of in the Windows loader. Runs after {@link PeCheck}.
 *
 * <pre>
 *  section header (40 bytes): Name[8] VirtualSize VirtualAddress SizeOfRawData PointerToRawData ...
 *  symbol table: 18 bytes per symbol at PointerToSymbolTable, then the string table (its u32 size first)
 * </pre>
 */
final class PeLayout {
    private static final int SECTION_HEADER = 40;
    private static final int SYMBOL = 18;
    /** The Windows loader refuses more sections than this. */
    private static final int MAX_SECTIONS = 96;
    /** SizeOfHeaders sits at the same offset in PE32 and PE32+ optional headers. */
    private static final int SIZE_OF_HEADERS_AT = 60;

    private PeLayout() {
    }

    /**
     * Why the DLL in {@code bytes} cannot be handed to the loader, naming {@code fileName}; empty if its layout is
     * sound. {@code bytes} must have passed {@link PeCheck}.
     */
    static Optional<String> problem(String fileName, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long length = bytes.length;
        PeCheck.Coff coff = PeCheck.Coff.read(b, b.getInt(PeCheck.LFANEW_AT));
        long optionalEnd = (long) coff.optionalAt() + coff.optionalSize();
        if (coff.optionalSize() < SIZE_OF_HEADERS_AT + 4) {
            return Optional.of(fileName + " is damaged: its optional header is " + coff.optionalSize() + " bytes,"
                    + " too short for a DLL's");
        }
        if (optionalEnd > length) {
            return Optional.of(fileName + " is truncated: its optional header ends at byte " + optionalEnd
                    + ", past the file's end " + length);
        }
        if (coff.sections() == 0 || coff.sections() > MAX_SECTIONS) {
            return Optional.of(fileName + " is damaged: it has " + coff.sections() + " sections, where a DLL has 1"
                    + " to " + MAX_SECTIONS);
        }
        long tableEnd = optionalEnd + (long) coff.sections() * SECTION_HEADER;
        if (tableEnd > length) {
            return Optional.of(fileName + " is truncated: its section table ends at byte " + tableEnd + ", past the"
                    + " file's end " + length);
        }
        long headers = Integer.toUnsignedLong(b.getInt(coff.optionalAt() + SIZE_OF_HEADERS_AT));
        if (headers > length) {
            return Optional.of(fileName + " is truncated: its headers are " + headers + " bytes, more than the"
                    + " file's " + length);
        }
        for (int i = 0; i < coff.sections(); i++) {
            int at = (int) optionalEnd + i * SECTION_HEADER;
            long rawSize = Integer.toUnsignedLong(b.getInt(at + 16));
            long rawAt = Integer.toUnsignedLong(b.getInt(at + 20));
            // Uninitialised data (.bss) has no bytes in the file, whatever its pointer says.
            if (rawSize != 0 && rawAt + rawSize > length) {
                return Optional.of(fileName + " is truncated: section " + i + " (" + name(bytes, at) + ") covers"
                        + " bytes " + rawAt + " to " + (rawAt + rawSize) + ", past the file's end " + length);
            }
        }
        return symbols(fileName, b, coff, length);
    }

    private static Optional<String> symbols(String fileName, ByteBuffer b, PeCheck.Coff coff, long length) {
        if (coff.symbols() == 0) {
            return Optional.empty();
        }
        long stringsAt = coff.symbols() + coff.symbolCount() * SYMBOL;
        if (stringsAt + 4 > length) {
            return Optional.of(fileName + " is truncated: its symbol table ends at byte " + stringsAt + ", past the"
                    + " file's end " + length);
        }
        long stringsEnd = stringsAt + Integer.toUnsignedLong(b.getInt((int) stringsAt));
        if (stringsEnd > length) {
            return Optional.of(fileName + " is truncated: its string table ends at byte " + stringsEnd + ", past the"
                    + " file's end " + length);
        }
        return Optional.empty();
    }

    /** A section's 8-byte name; a long one is "/N", an offset into the string table, shown as it is. */
    private static String name(byte[] bytes, int at) {
        int end = at;
        while (end < at + 8 && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, at, end - at, StandardCharsets.US_ASCII);
    }
}
