package dev.patchbay.sharedmem.typed;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.sync.SharedMutex;

/** A {@code double} in shared memory; compare-and-set compares the bits, so NaN matches NaN and 0.0 is not -0.0. */
public final class SharedDouble extends SharedData {

    private SharedDouble(Region region, SharedMutex lock) {
        super(region, lock);
    }

    /** The bytes a shared double takes. */
    public static int requiredLength(boolean locked) {
        return cellLength(Double.BYTES, locked);
    }

    /** Makes a new shared double holding {@code initial}. */
    public static SharedDouble create(Region region, boolean locked, double initial) {
        SharedDouble value = new SharedDouble(region, createCell(region, Double.BYTES, locked, "shared double"));
        value.set(initial);
        return value;
    }

    /** Uses the shared double another process made in {@code region}. */
    public static SharedDouble attach(Region region, boolean locked) {
        return new SharedDouble(region, attachCell(region, Double.BYTES, locked, "shared double"));
    }

    /** Volatile read. */
    public double get() {
        return (double) MemoryViews.DOUBLE.getVolatile(buffer, base);
    }

    /** Volatile write. */
    public void set(double value) {
        MemoryViews.DOUBLE.setVolatile(buffer, base, value);
    }

    /** Sets to {@code value} if it is {@code expected} (bit for bit); true if it did. */
    public boolean compareAndSet(double expected, double value) {
        return MemoryViews.DOUBLE.compareAndSet(buffer, base, expected, value);
    }

    /** Adds {@code delta} atomically (a compare-and-set loop), returning the new value. */
    public double addAndGet(double delta) {
        while (true) {
            double current = get();
            double next = current + delta;
            if (compareAndSet(current, next)) {
                return next;
            }
        }
    }

    @Override
    public String toString() {
        return Double.toString(get());
    }
}
