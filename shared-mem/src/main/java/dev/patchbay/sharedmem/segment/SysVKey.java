package dev.patchbay.sharedmem.segment;

import dev.patchbay.sharedmem.Names;

import java.nio.charset.StandardCharsets;

/**
 * The System V key of a segment name: the 32-bit FNV-1a hash of the ASCII bytes of {@code /patchbay-<name>}
 * (offset basis 0x811c9dc5, prime 0x01000193), with 0 ({@code IPC_PRIVATE}) replaced by 1.
 *
 * <p>A hash needs no shared file, so unrelated processes with different runtime folders still meet. Collisions are
 * caught rather than avoided: a segment found at a key is used only if its header carries our magic and this very
 * name; anything else there is reported and never touched. The janitor proves a segment ours the same way, plus
 * {@code key == of(header name)}.
 */
public final class SysVKey {
    private static final int FNV_OFFSET_BASIS = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;

    private SysVKey() {
    }

    /** The key of {@code name} (validated). */
    public static int of(String name) {
        int hash = FNV_OFFSET_BASIS;
        for (byte b : Names.posixName(name).getBytes(StandardCharsets.US_ASCII)) {
            hash ^= b & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash == 0 ? 1 : hash;
    }

    /** {@code 0x1234abcd}, the way ipcs(1) prints keys. */
    public static String hex(int key) {
        return String.format("0x%08x", key);
    }
}
