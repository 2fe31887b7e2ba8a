package dev.patchbay.kit.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The frame that carries one message over a byte stream. All integers are little-endian.
 *
 * <pre>
 *   0       2       3       4               8               12
 *   +-------+-------+-------+---------------+---------------+--------------------+
 *   | magic | ver   | flags | length        | crc32c        | payload (length)   |
 *   | "PB"  | 1     | 0     | u32           | u32           |                    |
 *   +-------+-------+-------+---------------+---------------+--------------------+
 * </pre>
 *
 * The checksum is CRC-32C over the four length bytes followed by the payload, so a corrupted length that still
 * fits under the limit is caught as well. A reader checks magic, version and the length limit before it reads or
 * allocates anything for the payload.
 */
public final class FrameDescriptor {
    /** Bytes before the payload. */
    public static final int HEADER_LENGTH = 12;
    /** The first byte of every frame, 'P'. */
    public static final byte MAGIC_0 = 0x50;
    /** The second byte of every frame, 'B'. */
    public static final byte MAGIC_1 = 0x42;
    /** The frame format version written and accepted. */
    public static final byte VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 2;
    public static final int FLAGS_OFFSET = 3;
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 8;

    private FrameDescriptor() {
    }

    /**
     * The checksum of a frame: CRC-32C over the little-endian length followed by the payload between the buffer's
     * position and limit. The buffer's position is not changed.
     */
    public static int checksum(CRC32C crc, ByteBuffer payload) {
        int length = payload.remaining();
        crc.reset();
        crc.update(length & 0xff);
        crc.update((length >>> 8) & 0xff);
        crc.update((length >>> 16) & 0xff);
        crc.update((length >>> 24) & 0xff);
        int position = payload.position();
        crc.update(payload);
        payload.position(position);
        return (int) crc.getValue();
    }

    /**
     * The checksum of a frame whose payload is {@code head} followed by {@code tail} (each between position and
     * limit), without joining them. Neither position is changed.
     */
    public static int checksum(CRC32C crc, ByteBuffer head, ByteBuffer tail) {
        int length = head.remaining() + tail.remaining();
        crc.reset();
        crc.update(length & 0xff);
        crc.update((length >>> 8) & 0xff);
        crc.update((length >>> 16) & 0xff);
        crc.update((length >>> 24) & 0xff);
        int headPosition = head.position();
        int tailPosition = tail.position();
        crc.update(head);
        crc.update(tail);
        head.position(headPosition);
        tail.position(tailPosition);
        return (int) crc.getValue();
    }

    /** Writes a header for a payload of {@code length} bytes with the given checksum at the buffer's position. */
    public static void putHeader(ByteBuffer dst, int length, int checksum) {
        ByteOrder order = dst.order();
        dst.order(ByteOrder.LITTLE_ENDIAN);
        dst.put(MAGIC_0).put(MAGIC_1).put(VERSION).put((byte) 0).putInt(length).putInt(checksum);
        dst.order(order);
    }

    /** A complete frame (header and payload) for the given payload: handy for tests and for C peers' docs. */
    public static byte[] frame(byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + payload.length);
        putHeader(out, payload.length, checksum(new CRC32C(), ByteBuffer.wrap(payload)));
        out.put(payload);
        return out.array();
    }
}
