package dev.patchbay.sharedmem.managed;

import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.ring.RingSpec;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.sync.SharedMutex;
import dev.patchbay.sharedmem.sync.SharedSemaphore;
import dev.patchbay.sharedmem.sync.SyncDescriptor;
import dev.patchbay.sharedmem.typed.ScalarType;
import dev.patchbay.sharedmem.typed.SharedArray;
import dev.patchbay.sharedmem.typed.SharedBoolean;
import dev.patchbay.sharedmem.typed.SharedDouble;
import dev.patchbay.sharedmem.typed.SharedInt;
import dev.patchbay.sharedmem.typed.SharedLong;
import dev.patchbay.sharedmem.typed.SharedStruct;
import dev.patchbay.sharedmem.typed.StructLayout;

import java.util.function.Function;

/**
 * What a named object in a {@link ManagedSegment} is: how many bytes it takes, how to make it, how to use one
 * that exists, and what the directory records about it (kind, size, flags, parameter, detail) so that a process
 * asking for the wrong type is refused instead of misreading memory.
 *
 * @param <T> the view the object is used through
 */
public final class ObjectType<T> {

    /** The kinds of object, with the type tag the directory stores. */
    public enum Kind {
        INT(1), LONG(2), DOUBLE(3), BOOLEAN(4), ARRAY(5), STRUCT(6), RING(7), MUTEX(8), SEMAPHORE(9), BYTES(10);

        private final int tag;

        Kind(int tag) {
            this.tag = tag;
        }

        /** The directory's type tag. */
        public int tag() {
            return tag;
        }

        /** The kind of a tag, or null. */
        public static Kind ofTag(int tag) {
            for (Kind k : values()) {
                if (k.tag == tag) {
                    return k;
                }
            }
            return null;
        }
    }

    private final Kind kind;
    private final int size;
    private final boolean locked;
    private final int parameter;
    private final long detail;
    private final Function<Region, T> creator;
    private final Function<Region, T> attacher;

    private ObjectType(Kind kind, int size, boolean locked, int parameter, long detail, Function<Region, T> creator,
                       Function<Region, T> attacher) {
        this.kind = kind;
        this.size = size;
        this.locked = locked;
        this.parameter = parameter;
        this.detail = detail;
        this.creator = creator;
        this.attacher = attacher;
    }

    /** An {@code int32_t}, 0 when made. */
    public static ObjectType<SharedInt> sharedInt(boolean locked) {
        return new ObjectType<>(Kind.INT, SharedInt.requiredLength(locked), locked, 0, 0,
                r -> SharedInt.create(r, locked, 0), r -> SharedInt.attach(r, locked));
    }

    /** An {@code int64_t}, 0 when made. */
    public static ObjectType<SharedLong> sharedLong(boolean locked) {
        return new ObjectType<>(Kind.LONG, SharedLong.requiredLength(locked), locked, 0, 0,
                r -> SharedLong.create(r, locked, 0), r -> SharedLong.attach(r, locked));
    }

    /** A {@code double}, 0.0 when made. */
    public static ObjectType<SharedDouble> sharedDouble(boolean locked) {
        return new ObjectType<>(Kind.DOUBLE, SharedDouble.requiredLength(locked), locked, 0, 0,
                r -> SharedDouble.create(r, locked, 0), r -> SharedDouble.attach(r, locked));
    }

    /** A boolean, false when made. */
    public static ObjectType<SharedBoolean> sharedBoolean(boolean locked) {
        return new ObjectType<>(Kind.BOOLEAN, SharedBoolean.requiredLength(locked), locked, 0, 0,
                r -> SharedBoolean.create(r, locked, false), r -> SharedBoolean.attach(r, locked));
    }

    /** An array of {@code length} zeros of {@code type}; the directory's detail is {@link ScalarType#code()}. */
    public static ObjectType<SharedArray> array(ScalarType type, int length, boolean locked) {
        return new ObjectType<>(Kind.ARRAY, SharedArray.requiredLength(type, length, locked), locked, length,
                type.code(), r -> SharedArray.create(r, type, length, locked),
                r -> SharedArray.attach(r, type, length, locked));
    }

    /** A zeroed struct; the directory's detail is the layout's {@link StructLayout#fingerprint()}. */
    public static ObjectType<SharedStruct> struct(StructLayout layout, boolean locked) {
        return new ObjectType<>(Kind.STRUCT, SharedStruct.requiredLength(layout, locked), locked, layout.size(),
                layout.fingerprint(), r -> SharedStruct.create(r, layout, locked),
                r -> SharedStruct.attach(r, layout, locked));
    }

    /** An empty ring buffer; the directory's parameter is its capacity, its detail 1 + 2 * many + 4 * doorbells. */
    public static ObjectType<RingBuffer> ring(RingSpec spec) {
        long detail = 1 + (spec.manyProducers() ? 2 : 0) + (spec.doorbells() ? 4 : 0);
        return new ObjectType<>(Kind.RING, spec.requiredLength(), false, spec.capacity(), detail,
                r -> RingBuffer.create(r, spec), RingBuffer::attach);
    }

    /** A robust process-shared mutex. */
    public static ObjectType<SharedMutex> mutex() {
        return new ObjectType<>(Kind.MUTEX, SyncDescriptor.SLOT_SIZE, false, 0, 0, SharedMutex::create,
                SharedMutex::attach);
    }

    /** A counting semaphore starting at {@code initial} when made. */
    public static ObjectType<SharedSemaphore> semaphore(int initial) {
        return new ObjectType<>(Kind.SEMAPHORE, SyncDescriptor.SLOT_SIZE, false, 0, 0,
                r -> SharedSemaphore.create(r, initial), SharedSemaphore::attach);
    }

    /** {@code length} bytes of zeros, used as a plain region. */
    public static ObjectType<Region> bytes(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("bytes object length=" + length + " must be positive");
        }
        return new ObjectType<>(Kind.BYTES, length, false, length, 0, r -> r, r -> r);
    }

    /** The kind. */
    public Kind kind() {
        return kind;
    }

    /** Bytes the object takes. */
    public int size() {
        return size;
    }

    int flags() {
        return locked ? ManagedDescriptor.FLAG_LOCKED : 0;
    }

    int parameter() {
        return parameter;
    }

    long detail() {
        return detail;
    }

    T create(Region region) {
        return creator.apply(region);
    }

    T attach(Region region) {
        return attacher.apply(region);
    }

    /** True if the directory entry describes an object of this very type. */
    boolean matches(ManagedEntry e) {
        return e.kind() == kind && e.size() == size && e.flags() == flags() && e.parameter() == parameter
                && e.detail() == detail;
    }

    @Override
    public String toString() {
        return kind + " (" + size + " bytes" + (locked ? ", locked" : "") + ", parameter " + parameter
                + ", detail " + detail + ")";
    }
}
