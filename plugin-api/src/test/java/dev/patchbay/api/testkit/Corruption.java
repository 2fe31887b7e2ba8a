package dev.patchbay.api.testkit;

import dev.patchbay.api.stream.FrameDescriptor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Bad input a peer can put on the medium, for the contract suite's corrupt-frame tests. */
public enum Corruption {
    /** A well-formed header whose checksum does not match the payload. */
    BAD_CHECKSUM,
    /** A header that claims 2 GiB - 16 bytes, far past any limit. */
    LENGTH_PAST_LIMIT;

    /** The raw bytes of this corruption for byte-stream transports (framing of {@link FrameDescriptor}). */
    public byte[] streamBytes() {
        if (this == BAD_CHECKSUM) {
            byte[] frame = FrameDescriptor.frame("a message whose checksum is wrong".getBytes());
            frame[FrameDescriptor.HEADER_LENGTH + 3] ^= 0x5a;
            return frame;
        }
        ByteBuffer header = ByteBuffer.allocate(FrameDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        FrameDescriptor.putHeader(header, Integer.MAX_VALUE - 16, 0);
        return header.array();
    }
}
