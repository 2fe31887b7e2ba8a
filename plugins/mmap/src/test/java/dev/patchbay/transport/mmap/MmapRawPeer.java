package dev.patchbay.transport.mmap;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.testkit.Corruption;
import dev.patchbay.sharedmem.MemoryViews;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.patchbay.transport.mmap.LogFileDescriptor.CHECKSUM_OFFSET;
import static dev.patchbay.transport.mmap.LogFileDescriptor.LENGTH_OFFSET;
import static dev.patchbay.transport.mmap.LogFileDescriptor.RECORD_HEADER_LENGTH;
import static dev.patchbay.transport.mmap.LogFileDescriptor.SEQUENCE_OFFSET;

/**
 * A peer that connects like any other, then commits a bad record at the end of its log instead of a message, and
 * stays until the listener closes: {@code <address> <corruption>}. BAD_CHECKSUM is a well-formed record whose
 * CRC-32C does not match; LENGTH_PAST_LIMIT a record claiming 2 GiB - 16 bytes.
 */
public final class MmapRawPeer {
    private MmapRawPeer() {
    }

    public static void main(String[] args) {
        Link link = new MmapTransport().connect(Address.parse(args[0]),
                LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(20)));
        LogWriter writer = ((MmapLink) link).writer();
        ByteBuffer log = writer.buffer();
        int at = writer.tailOffset();
        byte[] payload = "a message whose checksum is wrong".getBytes(StandardCharsets.US_ASCII);
        log.putLong(at + SEQUENCE_OFFSET, writer.nextSequence());
        log.put(at + RECORD_HEADER_LENGTH, payload);
        log.putInt(at + CHECKSUM_OFFSET, 0x5a5a5a5a);
        int length = Corruption.valueOf(args[1]) == Corruption.BAD_CHECKSUM
                ? RECORD_HEADER_LENGTH + payload.length : Integer.MAX_VALUE - 16;
        MemoryViews.INT.setRelease(log, at + LENGTH_OFFSET, length);
        try {
            while (true) {
                link.receive(m -> { }, 16, Duration.ofSeconds(1));
            }
        } catch (PatchbayException e) {
            link.close();
        }
    }
}
