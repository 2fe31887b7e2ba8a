package dev.patchbay.transport.shm;

import dev.patchbay.sharedmem.LayoutHeader;
import dev.patchbay.sharedmem.ring.RingBufferDescriptor;
import dev.patchbay.sharedmem.sync.PeerSlot;

/**
 * The layout of a shm link in the data area of its segment (which starts after the 128-byte segment header):
 * a link header, one {@link PeerSlot} per side, then two ring buffers, one per direction. Offsets are from the
 * start of the data area; everything is little-endian.
 *
 * <pre>
 *  offset          field                                                        written by
 *  --------------  -----------------------------------------------------------  -----------------
 *               0  magic "PBSL" (u32)                                           listener, last
 *               4  layout major (u16), 6: layout minor (u16)                    listener
 *               8  ring capacity in bytes (u32, power of two)                   listener
 *              12  wait strategy the listener chose (u32): 0 spin, 1 backoff,   listener
 *                  2 futex (the rings ring doorbells only for 2)
 *           16-127 reserved, zero
 *             128  slot A: the listener (64 bytes, see PeerSlot)                listener
 *             192  slot B: the connector (64 bytes)                             connector
 *             256  ring A to B: descriptor (640) + capacity                     listener writes
 *   256 + 640 + c  ring B to A: descriptor (640) + capacity                     connector writes
 * </pre>
 *
 * <p>The rings carry messages as {@link dev.patchbay.sharedmem.ring.MessageRecords}: one record, or a first
 * fragment that announces the whole length and more fragments.
 */
public final class ShmLinkDescriptor {
    /** "PBSL" in ASCII, read as a little-endian u32. */
    public static final int MAGIC = 0x4C53_4250;
    public static final int VERSION_MAJOR = 1;
    public static final int VERSION_MINOR = 0;
    /** Magic and version, checked by every side that attaches. */
    public static final LayoutHeader LAYOUT = LayoutHeader.of("shm link header", MAGIC, VERSION_MAJOR, VERSION_MINOR);

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_MAJOR_OFFSET = 4;
    public static final int VERSION_MINOR_OFFSET = 6;
    public static final int CAPACITY_OFFSET = 8;
    public static final int WAIT_OFFSET = 12;
    public static final int HEADER_LENGTH = 128;
    public static final int LISTENER_SLOT_OFFSET = HEADER_LENGTH;
    public static final int CONNECTOR_SLOT_OFFSET = LISTENER_SLOT_OFFSET + PeerSlot.LENGTH;
    public static final int RINGS_OFFSET = CONNECTOR_SLOT_OFFSET + PeerSlot.LENGTH;

    /** Wait strategy codes. */
    public static final int WAIT_SPIN = 0;
    public static final int WAIT_BACKOFF = 1;
    public static final int WAIT_FUTEX = 2;

    /** The smallest and largest ring capacity an address may ask for. */
    public static final int MIN_CAPACITY = 4096;
    public static final int MAX_CAPACITY = 1 << 29;

    private ShmLinkDescriptor() {
    }

    /** Where the ring from the listener to the connector starts. */
    public static int listenerRingOffset() {
        return RINGS_OFFSET;
    }

    /** Where the ring from the connector to the listener starts. */
    public static int connectorRingOffset(int capacity) {
        return RINGS_OFFSET + RingBufferDescriptor.requiredLength(capacity);
    }

    /** The bytes of data area a link with rings of {@code capacity} needs. */
    public static long dataLength(int capacity) {
        return RINGS_OFFSET + 2L * RingBufferDescriptor.requiredLength(capacity);
    }
}
