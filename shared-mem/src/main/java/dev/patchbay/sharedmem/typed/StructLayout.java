package dev.patchbay.sharedmem.typed;

import dev.patchbay.sharedmem.MemoryViews;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The declared fields of a shared struct, laid out as a C compiler lays out the same {@code struct}: each member
 * at the next multiple of its alignment, the struct's alignment the largest of its members', its size rounded up
 * to that alignment. The ctypes {@code Structure} with {@code _fields_}, in Java:
 *
 * <pre>{@code
 * StructLayout point = StructLayout.builder().int32("x").int32("y").build();          // struct { int32_t x, y; }
 * StructLayout shape = StructLayout.builder()
 *         .bytes("name", 16).int64("version").structArray("points", point, 4).build();
 * Field x2 = shape.field("points[2].x");
 * }</pre>
 */
public final class StructLayout {
    private static final Pattern STEP = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\[(\\d+)])?");

    private final Map<String, Member> members;
    private final int size;
    private final int alignment;

    private StructLayout(Map<String, Member> members, int size, int alignment) {
        this.members = members;
        this.size = size;
        this.alignment = alignment;
    }

    /** A builder of a new layout. */
    public static Builder builder() {
        return new Builder();
    }

    /** Bytes of one struct, trailing padding included. */
    public int size() {
        return size;
    }

    /** The alignment the struct needs. */
    public int alignment() {
        return alignment;
    }

    /** The members, in declaration order. */
    public List<Member> members() {
        return List.copyOf(members.values());
    }

    /**
     * Resolves a path: member names joined by '.', each optionally indexed ({@code "points[2].x"}).
     *
     * @throws IllegalArgumentException naming the step that does not resolve
     */
    public Field field(String path) {
        StructLayout layout = this;
        int offset = 0;
        Field result = null;
        for (String step : path.split("\\.", -1)) {
            if (layout == null) {
                throw new IllegalArgumentException("'" + path + "': " + result.path() + " has no members");
            }
            Matcher m = STEP.matcher(step);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + path + "': '" + step + "' is not a member name");
            }
            Member member = layout.members.get(m.group(1));
            if (member == null) {
                throw new IllegalArgumentException("'" + path + "': no member '" + m.group(1) + "' in "
                        + layout.describe());
            }
            offset += member.offset();
            String done = result == null ? step : result.path() + "." + step;
            if (m.group(2) == null) {
                result = new Field(done, member.kind(), member.scalar(), offset, member.size());
                layout = member.kind() == Field.Kind.STRUCT ? member.struct() : null;
                continue;
            }
            if (member.kind() != Field.Kind.ARRAY) {
                throw new IllegalArgumentException("'" + path + "': '" + member.name() + "' is not an array");
            }
            int index = Integer.parseInt(m.group(2));
            if (index >= member.count()) {
                throw new IndexOutOfBoundsException("'" + path + "': index " + index + " is out of bounds for "
                        + member.name() + "[" + member.count() + "]");
            }
            offset += index * member.elementSize();
            boolean structs = member.struct() != null;
            result = new Field(done, structs ? Field.Kind.STRUCT : Field.Kind.SCALAR, member.scalar(), offset,
                    member.elementSize());
            layout = structs ? member.struct() : null;
        }
        return result;
    }

    /** A description that names every member, its type, and its offset: {@code struct{int32 x@0, int32 y@4}}. */
    public String describe() {
        StringJoiner j = new StringJoiner(", ", "struct{", "}");
        for (Member m : members.values()) {
            j.add(m.declaration() + "@" + m.offset());
        }
        return j.toString();
    }

    /**
     * A 64-bit FNV-1a hash of {@link #describe()}: equal for equal layouts, so a process that finds a struct by
     * name can check it declares the same fields.
     */
    public long fingerprint() {
        long hash = 0xCBF2_9CE4_8422_2325L;
        for (byte b : describe().getBytes(StandardCharsets.US_ASCII)) {
            hash ^= b & 0xFF;
            hash *= 0x0000_0100_0000_01B3L;
        }
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StructLayout other && describe().equals(other.describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return describe() + " (" + size + " bytes)";
    }

    /** Declares members in order; {@link #build()} places them. */
    public static final class Builder {
        private final Map<String, Member> members = new LinkedHashMap<>();
        private int offset;
        private int alignment = 1;

        private Builder() {
        }

        /** An {@code int32_t}. */
        public Builder int32(String name) {
            return scalar(name, ScalarType.INT32);
        }

        /** An {@code int64_t}. */
        public Builder int64(String name) {
            return scalar(name, ScalarType.INT64);
        }

        /** A {@code double}. */
        public Builder float64(String name) {
            return scalar(name, ScalarType.FLOAT64);
        }

        /** A boolean, stored as {@code int32_t}. */
        public Builder bool(String name) {
            return scalar(name, ScalarType.BOOL32);
        }

        /** A scalar of {@code type}. */
        public Builder scalar(String name, ScalarType type) {
            return add(name, Field.Kind.SCALAR, type, null, 1, type.size(), type.size());
        }

        /** A fixed-length byte string of {@code length} bytes ({@code char name[length]}), NUL-padded. */
        public Builder bytes(String name, int length) {
            return add(name, Field.Kind.BYTES, null, null, positive(length, name), length, 1);
        }

        /** An array of {@code count} scalars. */
        public Builder array(String name, ScalarType type, int count) {
            return add(name, Field.Kind.ARRAY, type, null, positive(count, name), bytes(name, count, type.size()),
                    type.size());
        }

        /** A nested struct. */
        public Builder struct(String name, StructLayout layout) {
            return add(name, Field.Kind.STRUCT, null, layout, 1, layout.size, layout.alignment);
        }

        /** An array of {@code count} structs. */
        public Builder structArray(String name, StructLayout layout, int count) {
            return add(name, Field.Kind.ARRAY, null, layout, positive(count, name), bytes(name, count, layout.size),
                    layout.alignment);
        }

        private static int bytes(String name, int count, int elementSize) {
            long total = (long) count * elementSize;
            if (total > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("member '" + name + "': " + count + " elements of " + elementSize
                        + " bytes is too large (" + total + " bytes)");
            }
            return (int) total;
        }

        private static int positive(int n, String name) {
            if (n <= 0) {
                throw new IllegalArgumentException("member '" + name + "': length=" + n + " must be positive");
            }
            return n;
        }

        private Builder add(String name, Field.Kind kind, ScalarType scalar, StructLayout struct, int count,
                            int size, int align) {
            if (!STEP.matcher(name).matches() || name.contains("[")) {
                throw new IllegalArgumentException("member name '" + name + "' must be a C identifier");
            }
            if (members.containsKey(name)) {
                throw new IllegalArgumentException("member '" + name + "' is declared twice");
            }
            int at = MemoryViews.align(offset, align);
            if ((long) at + size > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("member '" + name + "' ends past " + Integer.MAX_VALUE / 2
                        + " bytes; the struct is too large");
            }
            members.put(name, new Member(name, kind, scalar, struct, count, at, size, align));
            offset = at + size;
            alignment = Math.max(alignment, align);
            return this;
        }

        /** The layout; at least one member. */
        public StructLayout build() {
            if (members.isEmpty()) {
                throw new IllegalStateException("a struct needs at least one member");
            }
            return new StructLayout(new LinkedHashMap<>(members), MemoryViews.align(offset, alignment), alignment);
        }
    }
}
