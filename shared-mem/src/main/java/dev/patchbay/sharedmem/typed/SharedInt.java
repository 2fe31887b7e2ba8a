package dev.patchbay.sharedmem.typed;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.sync.SharedMutex;

/** An {@code int32_t} in shared memory with atomic operations, like {@code AtomicInteger} across processes. */
public final class SharedInt extends SharedData {

    private SharedInt(Region region, SharedMutex lock) {
        super(region, lock);
    }

    /** The bytes a shared int takes. */
    public static int requiredLength(boolean locked) {
        return cellLength(Integer.BYTES, locked);
    }

    /** Makes a new shared int holding {@code initial}. */
    public static SharedInt create(Region region, boolean locked, int initial) {
        SharedInt value = new SharedInt(region, createCell(region, Integer.BYTES, locked, "shared int"));
        value.set(initial);
        return value;
    }

    /** Uses the shared int another process made in {@code region}. */
    public static SharedInt attach(Region region, boolean locked) {
        return new SharedInt(region, attachCell(region, Integer.BYTES, locked, "shared int"));
    }

    /** Volatile read. */
    public int get() {
        return (int) MemoryViews.INT.getVolatile(buffer, base);
    }

    /** Volatile write. */
    public void set(int value) {
        MemoryViews.INT.setVolatile(buffer, base, value);
    }

    /** Plain read: for code that holds the lock. */
    public int getPlain() {
        return (int) MemoryViews.INT.get(buffer, base);
    }

    /** Plain write: for code that holds the lock (the unlock publishes it). */
    public void setPlain(int value) {
        MemoryViews.INT.set(buffer, base, value);
    }

    /** Sets to {@code value} if it is {@code expected}; true if it did. */
    public boolean compareAndSet(int expected, int value) {
        return MemoryViews.INT.compareAndSet(buffer, base, expected, value);
    }

    /** Sets to {@code value}, returning what was there. */
    public int getAndSet(int value) {
        return (int) MemoryViews.INT.getAndSet(buffer, base, value);
    }

    /** Adds {@code delta}, returning the value before. */
    public int getAndAdd(int delta) {
        return (int) MemoryViews.INT.getAndAdd(buffer, base, delta);
    }

    /** Adds {@code delta}, returning the new value. */
    public int addAndGet(int delta) {
        return getAndAdd(delta) + delta;
    }

    /** Adds one, returning the new value. */
    public int incrementAndGet() {
        return getAndAdd(1) + 1;
    }

    @Override
    public String toString() {
        return Integer.toString(get());
    }
}
