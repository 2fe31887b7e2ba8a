package dev.patchbay.host.natives;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Looks at the headers of a would-be Windows native module (a PE {@code .dll}) before the loader does, as
 * {@link ElfCheck} does for ELF: a DOS header whose {@code e_lfanew} leads to the PE signature, a COFF header for
 * this process's machine, marked as a DLL, and an optional header of this process's width. The layout behind the
 * headers (sections, symbol table) is {@link PeLayout}'s.
 *
 * <pre>
 *  0     DOS header      "MZ" ... e_lfanew (u32 at 0x3c)
 *  e_lfanew              "PE\0\0"
 *  e_lfanew + 4          COFF header (20 bytes): machine, sections, symbol table, optional header size, flags
 *  e_lfanew + 24         optional header: magic 0x10b (PE32) or 0x20b (PE32+), ..., SizeOfHeaders
 *  + optional size       section table: 40 bytes per section
 * </pre>
 */
final class PeCheck {
    static final int DOS_HEADER = 64;
    static final int LFANEW_AT = 0x3c;
    static final int COFF_HEADER = 20;
    static final int PE32 = 0x10b;
    static final int PE32_PLUS = 0x20b;
    private static final int EXECUTABLE_IMAGE = 0x0002;
    private static final int DLL = 0x2000;
    private static final Map<Integer, String> MACHINES = Map.of(0x14c, "x86 (32-bit)", 0x8664, "x86-64",
            0xaa64, "ARM64", 0x1c4, "ARM (32-bit)", 0x200, "Itanium");

    /** This process's PE machine, from the JVM's architecture; 0 where Windows has none. */
    static final int HOST_MACHINE = machineOf(System.getProperty("os.arch", ""));

    private PeCheck() {
    }

    /** Where the COFF header says what: read once the DOS header and signature are known to be in the file. */
    record Coff(int at, int machine, int sections, long symbols, long symbolCount, int optionalSize, int flags) {
        static Coff read(ByteBuffer b, int peAt) {
            int at = peAt + 4;
            return new Coff(at, Short.toUnsignedInt(b.getShort(at)), Short.toUnsignedInt(b.getShort(at + 2)),
                    Integer.toUnsignedLong(b.getInt(at + 8)), Integer.toUnsignedLong(b.getInt(at + 12)),
                    Short.toUnsignedInt(b.getShort(at + 16)), Short.toUnsignedInt(b.getShort(at + 18)));
        }

        int optionalAt() {
            return at + COFF_HEADER;
        }
    }

    /**
     * Why {@code bytes} cannot be a DLL for this process, naming the file; empty if they may be (the loader has
     * the last word).
     */
    static Optional<String> problem(String fileName, byte[] bytes) {
        if (bytes.length >= 2 && bytes[0] == 'M' && bytes[1] == 'Z' && bytes.length < DOS_HEADER) {
            return Optional.of(fileName + " is truncated: it is " + bytes.length + " bytes, shorter than its DOS"
                    + " header (" + DOS_HEADER + " bytes)");
        }
        if (bytes.length < DOS_HEADER || bytes[0] != 'M' || bytes[1] != 'Z') {
            return Optional.of(fileName + " is not a Windows DLL: it has no DOS header (it starts with "
                    + Printable.start(bytes) + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long peAt = Integer.toUnsignedLong(b.getInt(LFANEW_AT));
        if (peAt + 4 + COFF_HEADER + 2 > bytes.length) {
            return Optional.of(fileName + " is truncated: its DOS header points to a PE header at byte " + peAt
                    + ", past the file's end " + bytes.length);
        }
        int at = (int) peAt;
        if (bytes[at] != 'P' || bytes[at + 1] != 'E' || bytes[at + 2] != 0 || bytes[at + 3] != 0) {
            return Optional.of(fileName + " is damaged: there is no PE signature at byte " + peAt
                    + " where its DOS header points (an MS-DOS program, or a broken file)");
        }
        Coff coff = Coff.read(b, at);
        if (coff.machine() != HOST_MACHINE) {
            return Optional.of(fileName + " is built for " + machine(coff.machine()) + "; this host runs "
                    + machine(HOST_MACHINE) + ": wrong architecture, rebuild it for this machine");
        }
        if ((coff.flags() & (DLL | EXECUTABLE_IMAGE)) != (DLL | EXECUTABLE_IMAGE)) {
            return Optional.of(fileName + " is a PE file but not a DLL (characteristics 0x"
                    + Integer.toHexString(coff.flags()) + "); link it with -shared");
        }
        int magic = Short.toUnsignedInt(b.getShort(coff.optionalAt()));
        int expected = HOST_MACHINE == 0x14c || HOST_MACHINE == 0x1c4 ? PE32 : PE32_PLUS;
        if (magic != expected) {
            return Optional.of(fileName + " is damaged: its optional header says " + format(magic) + " where a DLL"
                    + " for " + machine(HOST_MACHINE) + " is " + format(expected));
        }
        return Optional.empty();
    }

    private static String format(int magic) {
        return switch (magic) {
            case PE32 -> "PE32 (32-bit)";
            case PE32_PLUS -> "PE32+ (64-bit)";
            default -> "magic 0x" + Integer.toHexString(magic);
        };
    }

    private static String machine(int code) {
        return MACHINES.getOrDefault(code, "an unknown machine") + " (PE machine 0x" + Integer.toHexString(code)
                + ")";
    }

    static int machineOf(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> 0x8664;
            case "aarch64", "arm64" -> 0xaa64;
            case "x86", "i386", "i486", "i586", "i686" -> 0x14c;
            case "arm" -> 0x1c4;
            default -> 0;
        };
    }
}
