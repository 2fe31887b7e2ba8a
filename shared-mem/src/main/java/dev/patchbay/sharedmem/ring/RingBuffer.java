package dev.patchbay.sharedmem.ring;

import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.sync.Doorbell;
import dev.patchbay.sharedmem.sync.WaitStrategy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static dev.patchbay.sharedmem.ring.RecordDescriptor.HEADER_LENGTH;
import static dev.patchbay.sharedmem.ring.RecordDescriptor.PADDING_TYPE;
import static dev.patchbay.sharedmem.ring.RecordDescriptor.TYPE_OFFSET;
import static dev.patchbay.sharedmem.ring.RingBufferDescriptor.*;

/**
 * A ring buffer of variable-length records in shared memory, between processes or threads: one consumer, and one
 * producer ({@link OneToOneRingBuffer}) or many ({@link ManyToOneRingBuffer}). See {@link RingBufferDescriptor}
 * and {@link RecordDescriptor} for the layout and the protocol; a C program following them is a peer.
 *
 * <p>The hot path makes no system call and allocates nothing: {@link #offer} and {@link #tryClaim} report a full
 * ring by their return value, {@link #poll} hands each record to a handler as a view of the shared memory. Waiting
 * is the caller's choice of {@link WaitStrategy}, in the overloads that take a timeout.
 *
 * <p>Each instance belongs to one side: producers use {@code offer}/{@code tryClaim}, the single consumer
 * {@code poll}. The consumer side is not thread-safe; the producer side of a {@link ManyToOneRingBuffer} is.
 */
public abstract sealed class RingBuffer permits OneToOneRingBuffer, ManyToOneRingBuffer {
    /** {@link #tryClaim} result: not enough free space now (back-pressure). */
    public static final int INSUFFICIENT_CAPACITY = -2;

    final ByteBuffer buffer;
    final int capacity;
    final int mask;
    final int maxMessageLength;
    final int tailIndex;
    final int headIndex;
    final int dataIndex;
    private final Region region;
    private final Doorbell dataDoorbell;
    private final Doorbell spaceDoorbell;
    private final BooleanSupplier readable = this::isReadable;
    /** The producer's last view of the head: a lower bound, refreshed only when space seems short. */
    long headCache;

    RingBuffer(Region region, int capacity, boolean doorbells) {
        this.region = region;
        this.buffer = region.buffer();
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.maxMessageLength = RingBufferDescriptor.maxMessageLength(capacity);
        this.tailIndex = region.offset() + TAIL_OFFSET;
        this.headIndex = region.offset() + HEAD_OFFSET;
        this.dataIndex = region.offset() + DESCRIPTOR_LENGTH;
        this.dataDoorbell = doorbells ? Doorbell.at(region.slice(DATA_DOORBELL_OFFSET, Doorbell.LENGTH)) : null;
        this.spaceDoorbell = doorbells ? Doorbell.at(region.slice(SPACE_DOORBELL_OFFSET, Doorbell.LENGTH)) : null;
    }

    /**
     * Makes a new, empty ring buffer at the start of {@code region}.
     *
     * @throws IllegalArgumentException if the region is misaligned or too small ("insufficient capacity: ...")
     */
    public static RingBuffer create(Region region, RingSpec spec) {
        return create(region, spec, false);
    }

    /**
     * Makes a new, empty ring buffer at the start of {@code region}, which the caller knows to be all zeros (a
     * segment just created: ftruncate and shmget give zero-filled pages). Only the descriptor is written, so the
     * data area's pages stay untouched until messages use them: an idle link costs no memory for its rings, and a
     * patch that opens a thousand links does not fault in and clear two gigabytes.
     */
    public static RingBuffer createOnZeroedMemory(Region region, RingSpec spec) {
        return create(region, spec, true);
    }

    private static RingBuffer create(Region region, RingSpec spec, boolean zeroed) {
        int required = spec.requiredLength();
        region.require("ring buffer", REGION_ALIGNMENT, required);
        ByteBuffer b = region.buffer();
        int base = region.offset();
        MemoryViews.INT.setRelease(b, base + MAGIC_OFFSET, 0);
        MemoryViews.zero(b, base, zeroed ? DESCRIPTOR_LENGTH : required);
        LAYOUT.writeVersion(b, base + MAGIC_OFFSET);
        b.putInt(base + CAPACITY_OFFSET, spec.capacity());
        b.putInt(base + MAX_MESSAGE_LENGTH_OFFSET, RingBufferDescriptor.maxMessageLength(spec.capacity()));
        b.putInt(base + FLAGS_OFFSET, (spec.manyProducers() ? FLAG_MANY_PRODUCERS : 0)
                | (spec.doorbells() ? FLAG_DOORBELLS : 0));
        LAYOUT.publish(b, base + MAGIC_OFFSET);
        return attach(region);
    }

    /**
     * Uses the ring buffer another process (or thread) made at the start of {@code region}.
     *
     * @throws IncompatibleLayoutException if there is none, or of another major version
     */
    public static RingBuffer attach(Region region) {
        region.require("ring buffer", REGION_ALIGNMENT, DESCRIPTOR_LENGTH);
        ByteBuffer b = region.buffer();
        int base = region.offset();
        String what = "ring buffer at " + region;
        LAYOUT.check(what, b, base + MAGIC_OFFSET);
        int capacity = b.getInt(base + CAPACITY_OFFSET);
        try {
            region.require("ring buffer", REGION_ALIGNMENT, RingBufferDescriptor.requiredLength(capacity));
        } catch (IllegalArgumentException e) {
            throw new IncompatibleLayoutException(what + " declares capacity=" + capacity + ": " + e.getMessage());
        }
        int flags = b.getInt(base + FLAGS_OFFSET);
        boolean doorbells = (flags & FLAG_DOORBELLS) != 0;
        return (flags & FLAG_MANY_PRODUCERS) != 0
                ? new ManyToOneRingBuffer(region, capacity, doorbells)
                : new OneToOneRingBuffer(region, capacity, doorbells);
    }

    // ---------------------------------------------------------------- producer side

    /**
     * Claims space for a message of {@code length} bytes of type {@code type}; write the payload at the returned
     * index of {@link #buffer()}, then {@link #commit} (or {@link #abort}) it.
     *
     * @return the payload's index, or {@link #INSUFFICIENT_CAPACITY} when the ring is too full now
     * @throws IllegalArgumentException for a type below 1 or a length over {@link #maxMessageLength()}
     */
    public abstract int tryClaim(int type, int length);

    /** Makes a claimed record readable. */
    public void commit(int index) {
        int header = index - HEADER_LENGTH;
        int negative = (int) MemoryViews.INT.get(buffer, header);
        MemoryViews.INT.setRelease(buffer, header, -negative);
        if (dataDoorbell != null) {
            dataDoorbell.ring();
        }
    }

    /** Gives a claimed record up: it becomes padding the consumer skips. */
    public void abort(int index) {
        int header = index - HEADER_LENGTH;
        MemoryViews.INT.set(buffer, header + TYPE_OFFSET, PADDING_TYPE);
        commit(index);
    }

    /**
     * Copies {@code length} bytes from {@code src} at {@code offset} into the ring as one record.
     *
     * @return false when the ring is too full now (back-pressure); nothing was written
     */
    public boolean offer(int type, ByteBuffer src, int offset, int length) {
        int index = tryClaim(type, length);
        if (index < 0) {
            return false;
        }
        buffer.put(index, src, offset, length);
        commit(index);
        return true;
    }

    /**
     * {@link #offer}, waiting with {@code wait} for space for at most {@code timeout}.
     *
     * @return false if the ring stayed too full for the whole timeout
     */
    public boolean offer(int type, ByteBuffer src, int offset, int length, WaitStrategy wait, Duration timeout) {
        long deadline = System.nanoTime() + WaitStrategy.nanos(timeout);
        checkMessage(type, length);
        BooleanSupplier space = () -> hasCapacityFor(length);
        while (!offer(type, src, offset, length)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !wait.await(space, spaceDoorbell, left)) {
                return offer(type, src, offset, length);
            }
        }
        return true;
    }

    /**
     * True if a record of {@code length} payload bytes would fit now (padding at the end of the area included): the
     * condition to wait for after {@link #tryClaim} reported {@link #INSUFFICIENT_CAPACITY}. Producer side.
     *
     * @throws IllegalArgumentException for a length over {@link #maxMessageLength()}
     */
    public boolean hasCapacityFor(int length) {
        int stride = checkMessage(1, length);
        long tail = producerPosition();
        return tail + paddingAt(tail, stride) + stride - consumerPosition() <= capacity;
    }

    /**
     * Writes the headers of space already reserved at {@code tail}: a padding record first if the record would wrap,
     * then the record's type and its length negated (claimed, not yet readable). Returns the payload's index.
     */
    final int claimAt(long tail, int padding, int type, int recordLength) {
        int at = (int) tail & mask;
        if (padding > 0) {
            MemoryViews.INT.set(buffer, dataIndex + at + TYPE_OFFSET, PADDING_TYPE);
            MemoryViews.INT.setRelease(buffer, dataIndex + at, padding);
            at = 0;
        }
        int header = dataIndex + at;
        MemoryViews.INT.set(buffer, header + TYPE_OFFSET, type);
        MemoryViews.INT.setRelease(buffer, header, -recordLength);
        return header + HEADER_LENGTH;
    }

    /** The padding a record of {@code stride} bytes needs at {@code tail}: the rest of the area, or 0. */
    final int paddingAt(long tail, int stride) {
        int toEnd = capacity - ((int) tail & mask);
        return stride > toEnd ? toEnd : 0;
    }

    /** True if {@code needed} bytes fit after {@code tail}; refreshes the head cache only when they seem not to. */
    final boolean fits(long tail, int needed) {
        if (tail + needed - headCache <= capacity) {
            return true;
        }
        headCache = (long) MemoryViews.LONG.getAcquire(buffer, headIndex);
        // Many producers: this one's tail may be older than the head it reads now (others wrote, the consumer read
        // on), so a tail behind the head is a claim to retry, not damage. One producer owns the tail exactly.
        boolean behind = tail - headCache < 0 && this instanceof OneToOneRingBuffer;
        if (behind || tail - headCache > capacity) {
            // Else the producer would wait for space for ever, or write over what the consumer has not read.
            throw new CorruptRecordException("ring buffer head=" + headCache + " and tail=" + tail + " (at offsets "
                    + headIndex + " and " + tailIndex + " of the mapping) are not 0 to capacity=" + capacity
                    + " bytes apart: the ring's descriptor is damaged");
        }
        return tail + needed - headCache <= capacity;
    }

    final int checkMessage(int type, int length) {
        RecordDescriptor.checkType(type);
        if (length < 0) {
            throw new IllegalArgumentException("message length=" + length + " must not be negative");
        }
        if (length > maxMessageLength) {
            throw new IllegalArgumentException("message length=" + length + " exceeds maxMessageLength="
                    + maxMessageLength + " (capacity=" + capacity + ")");
        }
        return RecordDescriptor.stride(length);
    }

    /** Stores the current time as the producer heartbeat. */
    public void producerHeartbeat() {
        MemoryViews.LONG.setRelease(buffer, tailIndex + 8, System.currentTimeMillis());
    }

    // ---------------------------------------------------------------- consumer side

    /**
     * Hands up to {@code limit} records to {@code handler}, in order, and frees their space. If the handler throws,
     * the records up to and including the one it threw on count as consumed, and the exception propagates.
     *
     * @return the number of records handled (padding not counted)
     * @throws CorruptRecordException if the record at the head is not one a producer could have written (a length
     *                                past the limit or the area, an unknown type), or the head is misaligned; it
     *                                stays where it is
     */
    public int poll(RecordHandler handler, int limit) {
        int handled = pollContiguous(handler, limit);
        if (handled < limit && ((long) MemoryViews.LONG.get(buffer, headIndex) & mask) == 0) {
            // The first pass stopped at the end of the area; what follows is at index 0.
            handled += pollContiguous(handler, limit - handled);
        }
        return handled;
    }

    /**
     * {@link #poll}, first waiting with {@code wait} for at most {@code timeout} until a record is there.
     *
     * @return the number of records handled, 0 if none came in time
     */
    public int poll(RecordHandler handler, int limit, WaitStrategy wait, Duration timeout) {
        if (!isReadable() && !wait.await(readable, dataDoorbell, WaitStrategy.nanos(timeout))) {
            return 0;
        }
        return poll(handler, limit);
    }

    private int pollContiguous(RecordHandler handler, int limit) {
        long head = (long) MemoryViews.LONG.get(buffer, headIndex);
        checkAligned("head", head);
        int start = (int) head & mask;
        int end = capacity - start;
        int consumed = 0;
        int handled = 0;
        try {
            while (consumed < end && handled < limit) {
                int header = dataIndex + start + consumed;
                int length = (int) MemoryViews.INT.getAcquire(buffer, header);
                if (length <= 0) {
                    break;
                }
                int type = (int) MemoryViews.INT.get(buffer, header + TYPE_OFFSET);
                checkRecord(head + consumed, length, type, end - consumed);
                consumed += (length + RecordDescriptor.ALIGNMENT - 1) & -RecordDescriptor.ALIGNMENT;
                if (type != PADDING_TYPE) {
                    handled++;
                    handler.onRecord(type, buffer, header + HEADER_LENGTH, length - HEADER_LENGTH);
                }
            }
        } finally {
            if (consumed > 0) {
                // Zero before releasing: a producer may only find zeros where no record is committed.
                MemoryViews.zero(buffer, dataIndex + start, consumed);
                MemoryViews.LONG.setRelease(buffer, headIndex, head + consumed);
                if (spaceDoorbell != null) {
                    spaceDoorbell.ring();
                }
            }
        }
        return handled;
    }

    /**
     * Refuses a committed record no producer could have written, before its length is trusted: a consumer that
     * believed it would zero and skip memory far past the record area.
     */
    private void checkRecord(long position, int length, int type, int toEnd) {
        int limit = type == PADDING_TYPE ? toEnd : Math.min(toEnd, HEADER_LENGTH + maxMessageLength);
        if (length < HEADER_LENGTH || length > limit) {
            throw new CorruptRecordException("ring buffer record at position " + position + where(position)
                    + " claims length=" + length + ", which " + (length < HEADER_LENGTH ? "is shorter than its header ("
                    + HEADER_LENGTH + ")" : "exceeds the limit of " + limit + " bytes") + " (capacity=" + capacity
                    + ", maxMessageLength=" + maxMessageLength + ")");
        }
        if (type < 1 && type != PADDING_TYPE) {
            throw new CorruptRecordException("ring buffer record at position " + position + where(position)
                    + " has type=" + type + "; message types are at least 1 and padding is " + PADDING_TYPE);
        }
    }

    /**
     * Refuses a head or tail no side could have stored: records start at multiples of the alignment, and reading a
     * record header anywhere else is not even possible with the atomic views.
     */
    final void checkAligned(String which, long position) {
        if ((position & (RecordDescriptor.ALIGNMENT - 1)) != 0) {
            throw new CorruptRecordException("ring buffer " + which + "=" + position + " (at offset "
                    + (which.equals("head") ? headIndex : tailIndex) + " of the mapping) is not a multiple of "
                    + RecordDescriptor.ALIGNMENT + ": the ring's descriptor is damaged");
        }
    }

    /** Where a ring position lies in the mapping, for messages. */
    private String where(long position) {
        return " (offset " + (dataIndex + ((int) position & mask)) + " of the mapping)";
    }

    /** True if a record (or padding) is ready at the head. Consumer side. */
    public boolean isReadable() {
        long head = (long) MemoryViews.LONG.get(buffer, headIndex);
        // A damaged head is "readable": poll then says what is wrong with it.
        return (head & (RecordDescriptor.ALIGNMENT - 1)) != 0
                || (int) MemoryViews.INT.getAcquire(buffer, dataIndex + ((int) head & mask)) > 0;
    }

    /** Stores the current time as the consumer heartbeat. */
    public void consumerHeartbeat() {
        MemoryViews.LONG.setRelease(buffer, headIndex + 8, System.currentTimeMillis());
    }

    // ---------------------------------------------------------------- either side

    /** The shared memory the records live in (payload indices from {@link #tryClaim} refer to it). */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** The region the ring occupies. */
    public Region region() {
        return region;
    }

    /** Bytes of record space. */
    public int capacity() {
        return capacity;
    }

    /** The longest payload a record may have: capacity / 8. */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /** True for a {@link ManyToOneRingBuffer}. */
    public abstract boolean isManyProducer();

    /** True if the sides ring doorbells, so {@link dev.patchbay.sharedmem.sync.FutexWait} may be used. */
    public boolean hasDoorbells() {
        return dataDoorbell != null;
    }

    /**
     * The doorbell producers ring after each commit, for a consumer that waits for records with its own condition;
     * null without doorbells.
     */
    public Doorbell dataDoorbell() {
        return dataDoorbell;
    }

    /** The doorbell the consumer rings after each poll that freed space; null without doorbells. */
    public Doorbell spaceDoorbell() {
        return spaceDoorbell;
    }

    /** Total bytes ever claimed by producers. */
    public long producerPosition() {
        return (long) MemoryViews.LONG.getVolatile(buffer, tailIndex);
    }

    /** Total bytes ever consumed. */
    public long consumerPosition() {
        return (long) MemoryViews.LONG.getVolatile(buffer, headIndex);
    }

    /** Bytes in use now (records, padding, claims in progress). */
    public int size() {
        long head = consumerPosition();
        long tail = producerPosition();
        return (int) Math.max(0, Math.min(capacity, tail - head));
    }

    /** Bytes free now. */
    public int freeSpace() {
        return capacity - size();
    }

    /** The producers' last heartbeat, ms since the epoch (0: never). */
    public long producerHeartbeatMillis() {
        return (long) MemoryViews.LONG.getAcquire(buffer, tailIndex + 8);
    }

    /** The consumer's last heartbeat, ms since the epoch (0: never). */
    public long consumerHeartbeatMillis() {
        return (long) MemoryViews.LONG.getAcquire(buffer, headIndex + 8);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[capacity=" + capacity + ", size=" + size() + ", " + region + "]";
    }
}
