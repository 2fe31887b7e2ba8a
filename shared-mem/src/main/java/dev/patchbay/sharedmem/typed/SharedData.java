package dev.patchbay.sharedmem.typed;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.sync.SharedMutex;
import dev.patchbay.sharedmem.sync.SyncDescriptor;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Typed data in shared memory, optionally guarded by its own {@link SharedMutex}, like Python's
 * {@code multiprocessing.Value(typecode, lock=True)}.
 *
 * <p>Layout of every typed object ("cell"): with a lock, a {@value SyncDescriptor#SLOT_SIZE}-byte mutex slot
 * comes first and the data starts at offset {@value #LOCKED_DATA_OFFSET}; without one, the data starts at 0. The
 * region must be 8-byte aligned. Single values are atomic without the lock; the lock is for updates of several
 * fields or read-modify-write sequences that must appear whole.
 */
public abstract sealed class SharedData permits SharedInt, SharedLong, SharedDouble, SharedBoolean, SharedArray,
        SharedStruct {
    /** Where the data starts when the cell has a lock. */
    public static final int LOCKED_DATA_OFFSET = SyncDescriptor.SLOT_SIZE;
    /** The alignment a cell's region needs. */
    public static final int ALIGNMENT = 8;

    final ByteBuffer buffer;
    /** Index of the first data byte in {@link #buffer}. */
    final int base;
    private final Region region;
    private final SharedMutex lock;

    SharedData(Region region, SharedMutex lock) {
        this.region = region;
        this.buffer = region.buffer();
        this.base = region.offset() + (lock == null ? 0 : LOCKED_DATA_OFFSET);
        this.lock = lock;
    }

    /** The bytes a cell of {@code dataLength} bytes takes, with or without a lock. */
    public static int cellLength(int dataLength, boolean locked) {
        return (locked ? LOCKED_DATA_OFFSET : 0) + dataLength;
    }

    /** Checks the region, zeroes the data and makes the lock; returns the lock or null. */
    static SharedMutex createCell(Region region, int dataLength, boolean locked, String what) {
        region.require(what, ALIGNMENT, cellLength(dataLength, locked));
        MemoryViews.zero(region.buffer(), region.offset() + (locked ? LOCKED_DATA_OFFSET : 0), dataLength);
        return locked ? SharedMutex.create(region.slice(0, SyncDescriptor.SLOT_SIZE)) : null;
    }

    /** Checks the region and attaches the lock; returns the lock or null. */
    static SharedMutex attachCell(Region region, int dataLength, boolean locked, String what) {
        region.require(what, ALIGNMENT, cellLength(dataLength, locked));
        return locked ? SharedMutex.attach(region.slice(0, SyncDescriptor.SLOT_SIZE)) : null;
    }

    /** The region the object occupies, lock included. */
    public Region region() {
        return region;
    }

    /** The object's lock, if it was made with one. */
    public Optional<SharedMutex> lock() {
        return Optional.ofNullable(lock);
    }

    /**
     * Runs {@code action} holding the object's lock.
     *
     * @throws IllegalStateException if the object has no lock
     */
    public void withLock(Runnable action) {
        requireLock().withLock(action);
    }

    /**
     * Computes {@code action} holding the object's lock.
     *
     * @throws IllegalStateException if the object has no lock
     */
    public <T> T withLock(Supplier<T> action) {
        return requireLock().withLock(action);
    }

    private SharedMutex requireLock() {
        if (lock == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " at " + region + " was made without a lock");
        }
        return lock;
    }
}
