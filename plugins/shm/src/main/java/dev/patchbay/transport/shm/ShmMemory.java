package dev.patchbay.transport.shm;

import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.ring.RingBufferDescriptor;
import dev.patchbay.sharedmem.ring.RingSpec;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.sync.PeerSlot;

import java.nio.ByteBuffer;

import static dev.patchbay.transport.shm.ShmLinkDescriptor.*;

/**
 * The objects of a shm link in its segment (see {@link ShmLinkDescriptor}): the two slots and the two rings.
 *
 * @param segment     the segment
 * @param listener    slot A
 * @param connector   slot B
 * @param toConnector the ring the listener writes
 * @param toListener  the ring the connector writes
 * @param waitCode    the wait strategy the listener chose
 */
record ShmMemory(Segment segment, PeerSlot listener, PeerSlot connector, RingBuffer toConnector,
                 RingBuffer toListener, int waitCode) {

    /** Lays a new link out in a segment being created: rings and empty slots, then the magic, last. */
    static void format(Segment segment, int capacity, int waitCode) {
        Region data = segment.data();
        ByteBuffer b = data.buffer();
        int base = data.offset();
        LAYOUT.writeVersion(b, base + MAGIC_OFFSET);
        b.putInt(base + CAPACITY_OFFSET, capacity);
        b.putInt(base + WAIT_OFFSET, waitCode);
        RingSpec spec = RingSpec.oneToOne(capacity);
        spec = waitCode == WAIT_FUTEX ? spec.withDoorbells() : spec;
        int ring = RingBufferDescriptor.requiredLength(capacity);
        // A segment being created is all zeros: the rings' data pages are left for the messages to touch.
        RingBuffer.createOnZeroedMemory(data.slice(listenerRingOffset(), ring), spec);
        RingBuffer.createOnZeroedMemory(data.slice(connectorRingOffset(capacity), ring), spec);
        LAYOUT.publish(b, base + MAGIC_OFFSET);
    }

    /**
     * The link in a published segment.
     *
     * @throws TransportIoException if the segment holds no shm link of a version this side reads
     */
    static ShmMemory of(Segment segment) {
        Region data = segment.data();
        ByteBuffer b = data.buffer();
        int base = data.offset();
        String what = segment.spec().describe();
        try {
            LAYOUT.check(what, b, base + MAGIC_OFFSET);
        } catch (IncompatibleLayoutException e) {
            throw new TransportIoException(e.getMessage());
        }
        int capacity = b.getInt(base + CAPACITY_OFFSET);
        int ring = RingBufferDescriptor.requiredLength(capacity);
        try {
            return new ShmMemory(segment,
                    PeerSlot.at(data.slice(LISTENER_SLOT_OFFSET, PeerSlot.LENGTH)),
                    PeerSlot.at(data.slice(CONNECTOR_SLOT_OFFSET, PeerSlot.LENGTH)),
                    RingBuffer.attach(data.slice(listenerRingOffset(), ring)),
                    RingBuffer.attach(data.slice(connectorRingOffset(capacity), ring)),
                    b.getInt(base + WAIT_OFFSET));
        } catch (RuntimeException e) {
            throw new TransportIoException(what + " holds a damaged shm link: " + e.getMessage(), e);
        }
    }
}
