package dev.patchbay.host.natives;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.patchbay.api.Capabilities;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a native module says about itself in {@code struct pb_module_info}: four {@code uint32_t} (ABI version,
 * capabilities, largest message, reserved), then four string pointers (id, version, scheme, description).
 *
 * @param abiVersion   {@code PB_ABI_VERSION} as the module was compiled
 * @param capabilities {@code PB_CAP_*} bits
 * @param maxMessage   the largest message a link carries by default
 */
record NativeInfo(int abiVersion, int capabilities, int maxMessage, String id, String version, String scheme,
                  String description) {
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The ABI version alone: the first four bytes, the one field every ABI version keeps in place. */
    static int abiVersionAt(long address) {
        return new Pointer(address).getInt(0);
    }

    /**
     * Reads the whole struct (only after the ABI version matched).
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    static NativeInfo at(long address) {
        Pointer p = new Pointer(address);
        int strings = 16;
        int size = Native.POINTER_SIZE;
        NativeInfo info = new NativeInfo(p.getInt(0), p.getInt(4), p.getInt(8), text(p, strings, "id"),
                text(p, strings + size, "version"), text(p, strings + 2 * size, "scheme"),
                optional(p, strings + 3 * size));
        if (!ID.matcher(info.id()).matches()) {
            throw new IllegalArgumentException("its module id '" + info.id() + "' is not a plain name");
        }
        if (!SCHEME.matcher(info.scheme()).matches()) {
            throw new IllegalArgumentException("its scheme '" + info.scheme() + "' is not a URI scheme (lower case)");
        }
        if (info.version().isBlank()) {
            throw new IllegalArgumentException("it has an empty version");
        }
        return info;
    }

    private static String text(Pointer struct, long offset, String field) {
        String s = optional(struct, offset);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("its pb_module_info has no " + field);
        }
        return s;
    }

    private static String optional(Pointer struct, long offset) {
        Pointer p = struct.getPointer(offset);
        return p == null ? "" : p.getString(0, StandardCharsets.UTF_8.name());
    }

    boolean has(int capability) {
        return (capabilities & capability) != 0;
    }

    Capabilities toCapabilities() {
        return new Capabilities(has(NativeAbi.PB_CAP_BYTE_STREAM), has(NativeAbi.PB_CAP_PERSISTENT),
                has(NativeAbi.PB_CAP_CROSSES_MACHINES), Math.max(0, maxMessage));
    }
}
