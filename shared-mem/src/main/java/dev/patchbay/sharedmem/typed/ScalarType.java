package dev.patchbay.sharedmem.typed;

/** The numbers shared data is made of; each is stored little-endian and naturally aligned. */
public enum ScalarType {
    /** {@code int32_t}. */
    INT32(1, 4, "int32_t"),
    /** {@code int64_t}. */
    INT64(2, 8, "int64_t"),
    /** {@code double} (IEEE 754 binary64). */
    FLOAT64(3, 8, "double"),
    /** A boolean as {@code int32_t}: 0 is false, anything else true; written as 0 or 1. */
    BOOL32(4, 4, "int32_t");

    private final int code;
    private final int size;
    private final String cType;

    ScalarType(int code, int size, String cType) {
        this.code = code;
        this.size = size;
        this.cType = cType;
    }

    /** The number that stands for the type in stored layouts (a managed directory entry's detail). */
    public int code() {
        return code;
    }

    /** Bytes, and the alignment. */
    public int size() {
        return size;
    }

    /** The C type a peer declares for it. */
    public String cType() {
        return cType;
    }
}
