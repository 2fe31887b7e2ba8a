package dev.patchbay.sharedmem.typed;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.sync.SharedMutex;

/**
 * A fixed-length array of one {@link ScalarType} in shared memory, like Python's
 * {@code multiprocessing.Array(typecode, n)}. Elements are read and written through the accessor of the array's
 * type ({@code getLong} for INT64, ...); each element access is atomic on its own.
 */
public final class SharedArray extends SharedData {
    private final ScalarType type;
    private final int length;

    private SharedArray(Region region, SharedMutex lock, ScalarType type, int length) {
        super(region, lock);
        this.type = type;
        this.length = length;
    }

    /** The bytes an array of {@code length} elements takes. */
    public static int requiredLength(ScalarType type, int length, boolean locked) {
        return cellLength(dataLength(type, length), locked);
    }

    private static int dataLength(ScalarType type, int length) {
        if (length <= 0 || length > (Integer.MAX_VALUE - LOCKED_DATA_OFFSET) / type.size()) {
            throw new IllegalArgumentException("shared array length=" + length + " must be positive and at most "
                    + (Integer.MAX_VALUE - LOCKED_DATA_OFFSET) / type.size() + " for " + type);
        }
        return type.size() * length;
    }

    /** Makes a new array of zeros. */
    public static SharedArray create(Region region, ScalarType type, int length, boolean locked) {
        return new SharedArray(region, createCell(region, dataLength(type, length), locked, "shared array"), type,
                length);
    }

    /** Uses the array another process made in {@code region}. */
    public static SharedArray attach(Region region, ScalarType type, int length, boolean locked) {
        return new SharedArray(region, attachCell(region, dataLength(type, length), locked, "shared array"), type,
                length);
    }

    /** The number of elements. */
    public int length() {
        return length;
    }

    /** The element type. */
    public ScalarType type() {
        return type;
    }

    private int at(int index, ScalarType expected) {
        if (type != expected) {
            throw new IllegalArgumentException("this shared array holds " + type + ", not " + expected);
        }
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for length " + length);
        }
        return base + index * type.size();
    }

    public int getInt(int index) {
        return (int) MemoryViews.INT.getVolatile(buffer, at(index, ScalarType.INT32));
    }

    public void setInt(int index, int value) {
        MemoryViews.INT.setVolatile(buffer, at(index, ScalarType.INT32), value);
    }

    public boolean compareAndSetInt(int index, int expected, int value) {
        return MemoryViews.INT.compareAndSet(buffer, at(index, ScalarType.INT32), expected, value);
    }

    public int getAndAddInt(int index, int delta) {
        return (int) MemoryViews.INT.getAndAdd(buffer, at(index, ScalarType.INT32), delta);
    }

    public long getLong(int index) {
        return (long) MemoryViews.LONG.getVolatile(buffer, at(index, ScalarType.INT64));
    }

    public void setLong(int index, long value) {
        MemoryViews.LONG.setVolatile(buffer, at(index, ScalarType.INT64), value);
    }

    public boolean compareAndSetLong(int index, long expected, long value) {
        return MemoryViews.LONG.compareAndSet(buffer, at(index, ScalarType.INT64), expected, value);
    }

    public long getAndAddLong(int index, long delta) {
        return (long) MemoryViews.LONG.getAndAdd(buffer, at(index, ScalarType.INT64), delta);
    }

    public double getDouble(int index) {
        return (double) MemoryViews.DOUBLE.getVolatile(buffer, at(index, ScalarType.FLOAT64));
    }

    public void setDouble(int index, double value) {
        MemoryViews.DOUBLE.setVolatile(buffer, at(index, ScalarType.FLOAT64), value);
    }

    public boolean compareAndSetDouble(int index, double expected, double value) {
        return MemoryViews.DOUBLE.compareAndSet(buffer, at(index, ScalarType.FLOAT64), expected, value);
    }

    public boolean getBoolean(int index) {
        return (int) MemoryViews.INT.getVolatile(buffer, at(index, ScalarType.BOOL32)) != 0;
    }

    public void setBoolean(int index, boolean value) {
        MemoryViews.INT.setVolatile(buffer, at(index, ScalarType.BOOL32), value ? 1 : 0);
    }

    @Override
    public String toString() {
        return "SharedArray[" + type + " x " + length + ", " + region() + "]";
    }
}
