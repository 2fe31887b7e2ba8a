package dev.patchbay.sharedmem.typed;

/**
 * A resolved place in a struct: a path such as {@code "points[2].x"} turned into an offset once, so that access
 * through it costs an index computation and a memory access.
 *
 * @param path   the path it was resolved from
 * @param kind   what is there
 * @param scalar the scalar type for {@link Kind#SCALAR} fields, else null
 * @param offset bytes from the start of the struct
 * @param length bytes the field takes
 */
public record Field(String path, Kind kind, ScalarType scalar, int offset, int length) {

    /** What a field holds. */
    public enum Kind {
        /** One number: get and set it. */
        SCALAR,
        /** A fixed-length byte string: get and set bytes or text (NUL-padded). */
        BYTES,
        /** A fixed array: index into it ({@code "values[3]"}). */
        ARRAY,
        /** A nested struct: name its members ({@code "origin.x"}). */
        STRUCT
    }

    /** Checks that this is a scalar of {@code type}. */
    Field require(ScalarType type) {
        if (kind != Kind.SCALAR || scalar != type) {
            throw new IllegalArgumentException("field '" + path + "' is " + describe() + ", not " + type);
        }
        return this;
    }

    /** Checks that this is a byte string. */
    Field requireBytes() {
        if (kind != Kind.BYTES) {
            throw new IllegalArgumentException("field '" + path + "' is " + describe() + ", not a byte string");
        }
        return this;
    }

    private String describe() {
        return kind == Kind.SCALAR ? scalar.toString() : kind.toString().toLowerCase(java.util.Locale.ROOT);
    }
}
