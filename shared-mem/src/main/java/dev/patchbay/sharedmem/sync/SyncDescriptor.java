package dev.patchbay.sharedmem.sync;

import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.Region;

/**
 * The layout of the slots that hold process-shared C objects inside a segment. Each slot is {@value #SLOT_SIZE}
 * bytes, starts on an 8-byte boundary (64 is better: a slot then owns its cache line), and ends with a marker that
 * the creator stores, with release semantics, after the object is initialised; a process that attaches checks it.
 *
 * <pre>
 *  mutex slot                                 semaphore slot
 *  +----------------------------------+ 0     +----------------------------------+ 0
 *  | pthread_mutex_t (40 B on x86-64, |       | sem_t (32 B)                     |
 *  | 48 B on AArch64)                 |       +----------------------------------+ 32
 *  +----------------------------------+ 48    | reserved, zero                   |
 *  | reserved, zero                   |       |                                  |
 *  +----------------+-----------------+ 56    +----------------+-----------------+ 56
 *  | marker "MUTX"  | reserved, zero  |       | marker "SEMA"  | reserved, zero  |
 *  +----------------+-----------------+ 64    +----------------+-----------------+ 64
 * </pre>
 *
 * The mutex is initialised with {@code PTHREAD_PROCESS_SHARED}, {@code PTHREAD_MUTEX_ROBUST} and
 * {@code PTHREAD_MUTEX_ERRORCHECK}; the semaphore with {@code sem_init(sem, 1, value)}. A C peer uses them with
 * the usual pthread and semaphore calls of the same C library.
 */
public final class SyncDescriptor {
    /** Bytes of one slot. */
    public static final int SLOT_SIZE = 64;
    /** Where the marker (u32) lies in a slot. */
    public static final int MARKER_OFFSET = 56;
    /** "MUTX" in ASCII, read as a little-endian u32. */
    public static final int MUTEX_MARKER = 0x5854_554D;
    /** "SEMA" in ASCII, read as a little-endian u32. */
    public static final int SEMAPHORE_MARKER = 0x414D_4553;
    /** The alignment a slot needs. */
    public static final int SLOT_ALIGNMENT = 8;

    private SyncDescriptor() {
    }

    /** Checks a slot's place and size and zeroes it, before its object is initialised. */
    static void prepare(Region slot, String what) {
        slot.require(what, SLOT_ALIGNMENT, SLOT_SIZE);
        MemoryViews.zero(slot.buffer(), slot.offset(), SLOT_SIZE);
    }

    /** Stores the marker (release): the object in the slot is initialised. Zero withdraws it. */
    static void publish(Region slot, int marker) {
        MemoryViews.INT.setRelease(slot.buffer(), slot.offset() + MARKER_OFFSET, marker);
    }

    /**
     * Checks a slot another process initialised.
     *
     * @throws IncompatibleLayoutException if the marker is not {@code marker}
     */
    static void requireMarker(Region slot, int marker, String what) {
        slot.require(what, SLOT_ALIGNMENT, SLOT_SIZE);
        int found = (int) MemoryViews.INT.getAcquire(slot.buffer(), slot.offset() + MARKER_OFFSET);
        if (found != marker) {
            throw IncompatibleLayoutException.wrongMagic(what + " slot at " + slot, found, marker);
        }
    }
}
