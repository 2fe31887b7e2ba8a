package dev.patchbay.sharedmem.typed;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.sync.SharedMutex;

/** An {@code int64_t} in shared memory with atomic operations, like {@code AtomicLong} across processes. */
public final class SharedLong extends SharedData {

    private SharedLong(Region region, SharedMutex lock) {
        super(region, lock);
    }

    /** The bytes a shared long takes. */
    public static int requiredLength(boolean locked) {
        return cellLength(Long.BYTES, locked);
    }

    /** Makes a new shared long holding {@code initial}. */
    public static SharedLong create(Region region, boolean locked, long initial) {
        SharedLong value = new SharedLong(region, createCell(region, Long.BYTES, locked, "shared long"));
        value.set(initial);
        return value;
    }

    /** Uses the shared long another process made in {@code region}. */
    public static SharedLong attach(Region region, boolean locked) {
        return new SharedLong(region, attachCell(region, Long.BYTES, locked, "shared long"));
    }

    /** Volatile read. */
    public long get() {
        return (long) MemoryViews.LONG.getVolatile(buffer, base);
    }

    /** Volatile write. */
    public void set(long value) {
        MemoryViews.LONG.setVolatile(buffer, base, value);
    }

    /** Plain read: for code that holds the lock. */
    public long getPlain() {
        return (long) MemoryViews.LONG.get(buffer, base);
    }

    /** Plain write: for code that holds the lock (the unlock publishes it). */
    public void setPlain(long value) {
        MemoryViews.LONG.set(buffer, base, value);
    }

    /** Sets to {@code value} if it is {@code expected}; true if it did. */
    public boolean compareAndSet(long expected, long value) {
        return MemoryViews.LONG.compareAndSet(buffer, base, expected, value);
    }

    /** Sets to {@code value}, returning what was there. */
    public long getAndSet(long value) {
        return (long) MemoryViews.LONG.getAndSet(buffer, base, value);
    }

    /** Adds {@code delta}, returning the value before. */
    public long getAndAdd(long delta) {
        return (long) MemoryViews.LONG.getAndAdd(buffer, base, delta);
    }

    /** Adds {@code delta}, returning the new value. */
    public long addAndGet(long delta) {
        return getAndAdd(delta) + delta;
    }

    /** Adds one, returning the new value. */
    public long incrementAndGet() {
        return getAndAdd(1) + 1;
    }

    @Override
    public String toString() {
        return Long.toString(get());
    }
}
