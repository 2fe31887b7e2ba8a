package dev.patchbay.sharedmem.typed;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.sync.SharedMutex;

import java.nio.charset.StandardCharsets;

/**
 * A struct of declared fields in shared memory (see {@link StructLayout}). Resolve a path to a {@link Field} once
 * and use it for every access; the {@code String} overloads resolve on each call and suit code that is not hot.
 *
 * <p>Each scalar access is atomic on its own (volatile reads and writes, compare-and-set, get-and-add); byte
 * strings are copied without atomicity. Use {@link #withLock} where several fields must change together.
 */
public final class SharedStruct extends SharedData {
    private final StructLayout layout;

    private SharedStruct(Region region, SharedMutex lock, StructLayout layout) {
        super(region, lock);
        this.layout = layout;
    }

    /** The bytes a struct of {@code layout} takes. */
    public static int requiredLength(StructLayout layout, boolean locked) {
        return cellLength(layout.size(), locked);
    }

    /** Makes a new, zeroed struct. */
    public static SharedStruct create(Region region, StructLayout layout, boolean locked) {
        return new SharedStruct(region, createCell(region, layout.size(), locked, "shared struct"), layout);
    }

    /** Uses the struct another process made in {@code region} with the same layout. */
    public static SharedStruct attach(Region region, StructLayout layout, boolean locked) {
        return new SharedStruct(region, attachCell(region, layout.size(), locked, "shared struct"), layout);
    }

    /** The layout. */
    public StructLayout layout() {
        return layout;
    }

    /** {@link StructLayout#field}. */
    public Field field(String path) {
        return layout.field(path);
    }

    private int at(Field f, ScalarType type) {
        return base + f.require(type).offset();
    }

    public int getInt(Field f) {
        return (int) MemoryViews.INT.getVolatile(buffer, at(f, ScalarType.INT32));
    }

    public void setInt(Field f, int value) {
        MemoryViews.INT.setVolatile(buffer, at(f, ScalarType.INT32), value);
    }

    public boolean compareAndSetInt(Field f, int expected, int value) {
        return MemoryViews.INT.compareAndSet(buffer, at(f, ScalarType.INT32), expected, value);
    }

    public int getAndAddInt(Field f, int delta) {
        return (int) MemoryViews.INT.getAndAdd(buffer, at(f, ScalarType.INT32), delta);
    }

    public long getLong(Field f) {
        return (long) MemoryViews.LONG.getVolatile(buffer, at(f, ScalarType.INT64));
    }

    public void setLong(Field f, long value) {
        MemoryViews.LONG.setVolatile(buffer, at(f, ScalarType.INT64), value);
    }

    public boolean compareAndSetLong(Field f, long expected, long value) {
        return MemoryViews.LONG.compareAndSet(buffer, at(f, ScalarType.INT64), expected, value);
    }

    public long getAndAddLong(Field f, long delta) {
        return (long) MemoryViews.LONG.getAndAdd(buffer, at(f, ScalarType.INT64), delta);
    }

    public double getDouble(Field f) {
        return (double) MemoryViews.DOUBLE.getVolatile(buffer, at(f, ScalarType.FLOAT64));
    }

    public void setDouble(Field f, double value) {
        MemoryViews.DOUBLE.setVolatile(buffer, at(f, ScalarType.FLOAT64), value);
    }

    public boolean compareAndSetDouble(Field f, double expected, double value) {
        return MemoryViews.DOUBLE.compareAndSet(buffer, at(f, ScalarType.FLOAT64), expected, value);
    }

    public boolean getBoolean(Field f) {
        return (int) MemoryViews.INT.getVolatile(buffer, at(f, ScalarType.BOOL32)) != 0;
    }

    public void setBoolean(Field f, boolean value) {
        MemoryViews.INT.setVolatile(buffer, at(f, ScalarType.BOOL32), value ? 1 : 0);
    }

    /** A copy of the field's bytes, whatever its kind. */
    public byte[] getBytes(Field f) {
        byte[] out = new byte[f.length()];
        buffer.get(base + f.offset(), out);
        return out;
    }

    /**
     * Copies {@code value} into a byte string field, NUL-padding the rest.
     *
     * @throws IllegalArgumentException if it is longer than the field
     */
    public void setBytes(Field f, byte[] value) {
        f.requireBytes();
        if (value.length > f.length()) {
            throw new IllegalArgumentException("field '" + f.path() + "' holds " + f.length() + " bytes; got "
                    + value.length);
        }
        buffer.put(base + f.offset(), value);
        MemoryViews.zero(buffer, base + f.offset() + value.length, f.length() - value.length);
    }

    /** A byte string field as UTF-8 text, up to its first NUL. */
    public String getString(Field f) {
        byte[] bytes = getBytes(f.requireBytes());
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /** Stores {@code text} as UTF-8 in a byte string field (it may fill the field exactly, without a NUL). */
    public void setString(Field f, String text) {
        setBytes(f, text.getBytes(StandardCharsets.UTF_8));
    }

    public int getInt(String path) {
        return getInt(field(path));
    }

    public void setInt(String path, int value) {
        setInt(field(path), value);
    }

    public long getLong(String path) {
        return getLong(field(path));
    }

    public void setLong(String path, long value) {
        setLong(field(path), value);
    }

    public double getDouble(String path) {
        return getDouble(field(path));
    }

    public void setDouble(String path, double value) {
        setDouble(field(path), value);
    }

    public String getString(String path) {
        return getString(field(path));
    }

    public void setString(String path, String text) {
        setString(field(path), text);
    }

    @Override
    public String toString() {
        return "SharedStruct[" + layout + ", " + region() + "]";
    }
}
