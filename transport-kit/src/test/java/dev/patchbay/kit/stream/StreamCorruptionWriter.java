package dev.patchbay.kit.stream;

import dev.patchbay.api.Link;
import dev.patchbay.api.testkit.Corruption;
import dev.patchbay.api.testkit.CorruptionWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The contract suite's corrupting peer for every {@link StreamLink}: the link was opened by the backend's own
 * transport (its handshake, names and permissions all done as for a real peer), and what goes on the byte stream
 * next is a damaged frame instead of a message. Registered in {@code META-INF/services}.
 */
public final class StreamCorruptionWriter implements CorruptionWriter {
    @Override
    public boolean write(Link link, Corruption corruption) {
        if (!(link instanceof StreamLink stream)) {
            return false;
        }
        try {
            if (!stream.stream().write(ByteBuffer.wrap(bytes(corruption)))) {
                throw new IllegalStateException("the reader of " + link.address() + " is gone");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing raw bytes to " + link.address(), e);
        }
        return true;
    }

    /** The bytes of {@code corruption} in the framing of {@link FrameDescriptor}. */
    static byte[] bytes(Corruption corruption) {
        if (corruption == Corruption.BAD_CHECKSUM) {
            byte[] frame = FrameDescriptor.frame("a message whose checksum is wrong".getBytes());
            frame[FrameDescriptor.HEADER_LENGTH + 3] ^= 0x5a;
            return frame;
        }
        ByteBuffer header = ByteBuffer.allocate(FrameDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        FrameDescriptor.putHeader(header, Integer.MAX_VALUE - 16, 0);
        return header.array();
    }
}
