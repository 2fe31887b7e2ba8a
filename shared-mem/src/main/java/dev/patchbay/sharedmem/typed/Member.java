package dev.patchbay.sharedmem.typed;

/**
 * One declared member of a {@link StructLayout}, placed by C's rules: at the next multiple of its alignment.
 *
 * @param name      the member's name
 * @param kind      scalar, byte string, array of scalars or of structs, or nested struct
 * @param scalar    the scalar type (of the member or its elements), or null
 * @param struct    the nested struct layout (of the member or its elements), or null
 * @param count     the number of elements of an array, the bytes of a byte string, else 1
 * @param offset    where it starts in the struct
 * @param size      the bytes it takes
 * @param alignment the alignment it needs
 */
public record Member(String name, Field.Kind kind, ScalarType scalar, StructLayout struct, int count, int offset,
                     int size, int alignment) {

    /** The bytes of one element (of an array; of the member itself otherwise). */
    public int elementSize() {
        return kind == Field.Kind.ARRAY ? size / count : size;
    }

    /** The declaration, as C would write it: {@code int32_t x} or {@code struct point pts[4]}. */
    String declaration() {
        return switch (kind) {
            case SCALAR -> scalar.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
            case BYTES -> "bytes " + name + "[" + count + "]";
            case STRUCT -> struct.describe() + " " + name;
            case ARRAY -> (scalar != null ? scalar.name().toLowerCase(java.util.Locale.ROOT) : struct.describe())
                    + " " + name + "[" + count + "]";
        };
    }
}
