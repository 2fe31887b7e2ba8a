package dev.patchbay.host.natives;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Looks at the ELF header of a would-be native module before the dynamic loader does, because the loader's own
 * words are poor: a library for another architecture is reported as "cannot open shared object file: No such file
 * or directory". Compares class, byte order and machine with this process's own executable.
 */
final class ElfCheck {
    private static final int HEADER = 64;
    private static final int ET_DYN = 3;
    private static final Map<Integer, String> MACHINES = Map.of(3, "x86 (32-bit)", 8, "MIPS", 20, "PowerPC",
            21, "PowerPC 64", 22, "s390", 40, "ARM (32-bit)", 62, "x86-64", 183, "AArch64", 243, "RISC-V",
            258, "LoongArch");
    private static final Optional<Header> HOST = readHost();

    private ElfCheck() {
    }

    /** What the header says: 64-bit or not, little-endian or not, object type and machine. */
    private record Header(boolean wide, boolean little, int type, int machine) {
        static Optional<Header> of(byte[] bytes) {
            if (bytes.length < HEADER || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
                return Optional.empty();
            }
            boolean little = bytes[5] == 1;
            ByteBuffer b = ByteBuffer.wrap(bytes).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            return Optional.of(new Header(bytes[4] == 2, little, Short.toUnsignedInt(b.getShort(16)),
                    Short.toUnsignedInt(b.getShort(18))));
        }
    }

    /**
     * Why {@code bytes} cannot be a shared library for this process, naming the file; empty if they may be (the
     * dynamic loader has the last word). Where this process is not ELF (macOS, Windows), nothing is checked here.
     */
    static Optional<String> problem(String fileName, byte[] bytes) {
        if (HOST.isEmpty()) {
            return Optional.empty();
        }
        Header host = HOST.get();
        Optional<Header> parsed = Header.of(bytes);
        if (parsed.isEmpty()) {
            return Optional.of(fileName + " is not a shared library: it has no ELF header (it starts with "
                    + Printable.start(bytes) + ")");
        }
        Header h = parsed.get();
        if (h.wide() != host.wide()) {
            return Optional.of(fileName + " is a " + bits(h) + " ELF file; this host runs " + bits(host) + " code");
        }
        if (h.little() != host.little()) {
            return Optional.of(fileName + " is a " + (h.little() ? "little" : "big") + "-endian ELF file; this host is "
                    + (host.little() ? "little" : "big") + "-endian");
        }
        if (h.machine() != host.machine()) {
            return Optional.of(fileName + " is built for " + machine(h.machine()) + "; this host runs "
                    + machine(host.machine()) + ": wrong architecture, rebuild it for this machine");
        }
        if (h.type() != ET_DYN) {
            return Optional.of(fileName + " is an ELF file of type " + h.type() + ", not a shared object (type "
                    + ET_DYN + "); link it with -shared");
        }
        return Optional.empty();
    }

    private static String bits(Header h) {
        return h.wide() ? "64-bit" : "32-bit";
    }

    private static String machine(int code) {
        return MACHINES.getOrDefault(code, "an unknown machine") + " (ELF machine " + code + ")";
    }

    private static Optional<Header> readHost() {
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/exe"))) {
            return Header.of(in.readNBytes(HEADER));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
