package dev.patchbay.sharedmem.managed;

import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.ObjectExistsException;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.SharedMutex;
import dev.patchbay.sharedmem.sync.SyncDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static dev.patchbay.sharedmem.managed.ManagedDescriptor.*;

/**
 * A segment with an allocator and a directory of named objects, after boost.interprocess's
 * {@code managed_shared_memory}: unrelated processes open the segment by its name and meet at object names.
 *
 * <pre>{@code
 * try (ManagedSegment m = ManagedSegment.open(SegmentSpec.posix("app", OpenMode.OPEN_OR_CREATE, 1 << 20))) {
 *     SharedLong counter = m.findOrConstruct("counter", ObjectType.sharedLong(false));
 *     RingBuffer orders = m.findOrConstruct("orders-ring", ObjectType.ring(RingSpec.manyToOne(1 << 16)));
 *     SharedStruct stats = m.findOrConstruct("stats", ObjectType.struct(STATS_LAYOUT, true));
 * }
 * }</pre>
 *
 * <p>Directory and heap are guarded by a robust mutex in the area; if a process dies in the middle of a change,
 * the next one rebuilds the free list (see {@link ManagedDescriptor}). Destroying an object that other processes
 * still use leaves them with views on memory that may be handed out again: agree on it first.
 */
public final class ManagedSegment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedSegment.class);

    private final Segment segment;
    private final Region area;
    private final SharedMutex mutex;
    private final Heap heap;
    private final Directory directory;

    private ManagedSegment(Segment segment, Region area) {
        this.segment = segment;
        this.area = area;
        ByteBuffer b = area.buffer();
        int base = area.offset();
        LAYOUT.check("managed area at " + area, b, base + MAGIC_OFFSET);
        this.mutex = SharedMutex.attach(area.slice(MUTEX_OFFSET, SyncDescriptor.SLOT_SIZE)).onOwnerDied(this::recover);
        this.heap = new Heap(b, base);
        this.directory = new Directory(b, base, b.getInt(base + DIRECTORY_CAPACITY_OFFSET));
    }

    /** Opens (or creates and formats) a managed segment with room for {@value #DEFAULT_DIRECTORY_CAPACITY} names. */
    public static ManagedSegment open(SegmentSpec spec) {
        return open(spec, DEFAULT_DIRECTORY_CAPACITY);
    }

    /**
     * Opens (or creates and formats) a managed segment; the creator formats it before publishing the segment, so
     * no process ever sees it half made.
     *
     * @param directoryCapacity how many named objects it can hold (used only when creating)
     */
    public static ManagedSegment open(SegmentSpec spec, int directoryCapacity) {
        Segment segment = Segment.open(spec, s -> format(s.data(), directoryCapacity));
        try {
            return new ManagedSegment(segment, segment.data());
        } catch (RuntimeException e) {
            segment.close();
            throw e;
        }
    }

    /** Formats {@code area} (64-byte aligned) as an empty managed area. */
    public static ManagedSegment format(Region area, int directoryCapacity) {
        if (directoryCapacity <= 0) {
            throw new IllegalArgumentException("directory capacity=" + directoryCapacity + " must be positive");
        }
        long heapOffset = heapOffset(directoryCapacity);
        long heapLength = (area.length() - heapOffset) & -BLOCK_ALIGNMENT;
        area.require("managed area", BLOCK_ALIGNMENT, heapOffset + 2L * BLOCK_HEADER_LENGTH);
        ByteBuffer b = area.buffer();
        int base = area.offset();
        MemoryViews.INT.setRelease(b, base + MAGIC_OFFSET, 0);
        MemoryViews.zero(b, base, (int) heapOffset);
        LAYOUT.writeVersion(b, base + MAGIC_OFFSET);
        b.putInt(base + DIRECTORY_CAPACITY_OFFSET, directoryCapacity);
        b.putInt(base + ENTRY_LENGTH_OFFSET, ENTRY_LENGTH);
        Heap.format(b, base, heapOffset, heapLength);
        SharedMutex.create(area.slice(MUTEX_OFFSET, SyncDescriptor.SLOT_SIZE));
        LAYOUT.publish(b, base + MAGIC_OFFSET);
        return new ManagedSegment(null, area);
    }

    /** Uses the managed area another process formatted in {@code area}. */
    public static ManagedSegment attach(Region area) {
        return new ManagedSegment(null, area);
    }

    /**
     * The object named {@code name}, if there is one.
     *
     * @throws IncompatibleLayoutException if it exists but is not of {@code type}
     */
    public <T> Optional<T> find(String name, ObjectType<T> type) {
        Names.validate(name);
        return locked(() -> {
            int slot = directory.find(name);
            return slot < 0 ? Optional.empty() : Optional.of(view(slot, name, type));
        });
    }

    /**
     * Makes the object {@code name}.
     *
     * @throws ObjectExistsException if the name is taken
     * @throws SharedMemException if the directory or the heap is full
     */
    public <T> T construct(String name, ObjectType<T> type) {
        Names.validate(name);
        return locked(() -> {
            if (directory.find(name) >= 0) {
                throw new ObjectExistsException("managed object '" + name + "' already exists in " + this);
            }
            return make(name, type);
        });
    }

    /** The object {@code name}, made first if there is none: of all processes racing on a name, one makes it. */
    public <T> T findOrConstruct(String name, ObjectType<T> type) {
        Names.validate(name);
        return locked(() -> {
            int slot = directory.find(name);
            return slot >= 0 ? view(slot, name, type) : make(name, type);
        });
    }

    /**
     * Removes the object {@code name} and frees its memory.
     *
     * @return false if there was none
     */
    public boolean destroy(String name) {
        Names.validate(name);
        return locked(() -> {
            int slot = directory.find(name);
            if (slot < 0) {
                return false;
            }
            long offset = directory.read(slot).offset();
            directory.withdraw(slot);
            heap.free(offset);
            bumpGeneration();
            return true;
        });
    }

    /** The live objects. */
    public List<ManagedEntry> entries() {
        return locked(directory::entries);
    }

    /** Bytes the heap has free, in blocks of any size (block headers included). */
    public long freeBytes() {
        return locked(heap::freeBytes);
    }

    /** The number of constructs and destroys so far, by all processes. */
    public long generation() {
        return locked(() -> area.buffer().getLong(area.offset() + GENERATION_OFFSET));
    }

    /** The segment, when this object opened one. */
    public Optional<Segment> segment() {
        return Optional.ofNullable(segment);
    }

    private <T> T make(String name, ObjectType<T> type) {
        int slot = directory.freeSlot();
        if (slot < 0) {
            throw new SharedMemException("managed directory of " + this + " is full: capacity="
                    + directory.capacity() + " names");
        }
        long offset = heap.allocate(type.size());
        if (offset < 0) {
            throw new SharedMemException("insufficient capacity in " + this + " for '" + name + "': needed="
                    + type.size() + ", free=" + heap.freeBytes() + " (in blocks, headers included)");
        }
        T view;
        try {
            view = type.create(objectRegion(offset, type.size()));
        } catch (RuntimeException e) {
            heap.free(offset);
            throw e;
        }
        directory.publish(slot, name, type, offset);
        bumpGeneration();
        return view;
    }

    private <T> T view(int slot, String name, ObjectType<T> type) {
        ManagedEntry entry = directory.read(slot);
        if (!type.matches(entry)) {
            throw new IncompatibleLayoutException("managed object '" + name + "' is " + entry.kind() + " ("
                    + entry.size() + " bytes, flags " + entry.flags() + ", parameter " + entry.parameter()
                    + ", detail " + entry.detail() + "); asked for " + type);
        }
        return type.attach(objectRegion(entry.offset(), (int) entry.size()));
    }

    private Region objectRegion(long offset, int size) {
        return area.slice(Math.toIntExact(offset), size);
    }

    private void bumpGeneration() {
        int at = area.offset() + GENERATION_OFFSET;
        area.buffer().putLong(at, area.buffer().getLong(at) + 1);
    }

    private <T> T locked(Supplier<T> action) {
        return mutex.withLock(action);
    }

    /** Runs with the mutex held after its previous holder died: make the free list agree with the directory. */
    private void recover() {
        LOG.warn("a process died while changing {}; rebuilding its free list", this);
        heap.rebuild(directory.liveOffsets());
    }

    /** Closes the segment, if this object opened it. */
    @Override
    public void close() {
        if (segment != null) {
            segment.close();
        }
    }

    @Override
    public String toString() {
        return "ManagedSegment[" + (segment != null ? segment.spec().describe() : area.toString()) + "]";
    }
}
