package dev.patchbay.transport.shm;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.testkit.Corruption;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.ring.MessageRecords;
import dev.patchbay.sharedmem.ring.RecordDescriptor;
import dev.patchbay.sharedmem.ring.RingBuffer;

import java.time.Duration;

/**
 * A peer that connects like any other, then commits a record header claiming 2 GiB - 16 bytes on its ring instead
 * of a message, and waits for the listener to close: {@code <address> <corruption>}.
 */
public final class ShmRawPeer {
    private ShmRawPeer() {
    }

    public static void main(String[] args) {
        if (Corruption.valueOf(args[1]) != Corruption.LENGTH_PAST_LIMIT) {
            throw new IllegalArgumentException("shared memory has no checksum to get wrong: " + args[1]);
        }
        Link link = new ShmTransport().connect(Address.parse(args[0]),
                LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(20)));
        RingBuffer ring = ((ShmLink) link).outgoing();
        int index = ring.tryClaim(MessageRecords.MESSAGE, 0);
        MemoryViews.INT.setRelease(ring.buffer(), index - RecordDescriptor.HEADER_LENGTH, Integer.MAX_VALUE - 16);
        try {
            while (true) {
                link.receive(m -> { }, 16, Duration.ofSeconds(1));
            }
        } catch (PatchbayException e) {
            link.close();
        }
    }
}
