package dev.patchbay.sharedmem.typed;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.sync.SharedMutex;

/** A boolean in shared memory, stored as an {@code int32_t} 0 or 1 (any non-zero value reads as true). */
public final class SharedBoolean extends SharedData {

    private SharedBoolean(Region region, SharedMutex lock) {
        super(region, lock);
    }

    /** The bytes a shared boolean takes. */
    public static int requiredLength(boolean locked) {
        return cellLength(Integer.BYTES, locked);
    }

    /** Makes a new shared boolean holding {@code initial}. */
    public static SharedBoolean create(Region region, boolean locked, boolean initial) {
        SharedBoolean value = new SharedBoolean(region, createCell(region, Integer.BYTES, locked, "shared boolean"));
        value.set(initial);
        return value;
    }

    /** Uses the shared boolean another process made in {@code region}. */
    public static SharedBoolean attach(Region region, boolean locked) {
        return new SharedBoolean(region, attachCell(region, Integer.BYTES, locked, "shared boolean"));
    }

    /** Volatile read. */
    public boolean get() {
        return (int) MemoryViews.INT.getVolatile(buffer, base) != 0;
    }

    /** Volatile write. */
    public void set(boolean value) {
        MemoryViews.INT.setVolatile(buffer, base, value ? 1 : 0);
    }

    /** Sets to {@code value} if it is {@code expected}; true if it did. */
    public boolean compareAndSet(boolean expected, boolean value) {
        return MemoryViews.INT.compareAndSet(buffer, base, expected ? 1 : 0, value ? 1 : 0);
    }

    /** Sets to {@code value}, returning what was there. */
    public boolean getAndSet(boolean value) {
        return (int) MemoryViews.INT.getAndSet(buffer, base, value ? 1 : 0) != 0;
    }

    @Override
    public String toString() {
        return Boolean.toString(get());
    }
}
