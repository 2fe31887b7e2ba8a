package dev.patchbay.host.channel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The frame a channel puts in every link message. Little-endian.
 *
 * <pre>
 *   0        1                      9
 *   +--------+----------------------+---------------------------+
 *   | kind   | number (u64)         | body                      |
 *   +--------+----------------------+---------------------------+
 * </pre>
 *
 * For {@link Kind#DATA} the number is the message's channel sequence number (0, 1, 2, ... per direction) and the
 * body is the application's message. For control frames the number identifies the migration and the body carries
 * its arguments (see docs/PROTOCOL.md).
 */
public final class ChannelFrame {
    /** Bytes before the body. */
    public static final int HEADER_LENGTH = 9;
    public static final int KIND_OFFSET = 0;
    public static final int NUMBER_OFFSET = 1;

    private ChannelFrame() {
    }

    /** Frame kinds, with their byte codes. */
    public enum Kind {
        /** An application message. */
        DATA(1),
        /** Migration step 1, initiator to peer: open your side of this new link. */
        PREPARE(2),
        /** The peer opened its side of the new link. */
        READY(3),
        /** The peer cannot open the new link; the body says why. */
        REFUSE(4),
        /** The sender's last frame on the old link; its next frame comes on the new link. */
        SWITCH(5),
        /** The initiator gives up on the migration; the peer closes the new link. */
        ABORT(6),
        /** After a failed new link: "I have received up to here, resend the rest on the old link". */
        RESUME(7),
        /** The new link has proved itself; both sides release the old one. */
        COMMIT(8),
        /** Each side's first frame on a channel: the protocol version it speaks and its capabilities. */
        HELLO(9);

        private final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }

        public byte code() {
            return code;
        }

        private static final Kind[] BY_CODE = new Kind[16];

        static {
            for (Kind k : values()) {
                BY_CODE[k.code] = k;
            }
        }

        /** The kind for a code, or null if the code is unknown. */
        public static Kind of(byte code) {
            return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        }
    }

    /** Writes a header at the buffer's position. */
    public static void putHeader(ByteBuffer dst, Kind kind, long number) {
        dst.put(kind.code()).putLong(number);
    }

    /** The kind of the frame at the buffer's position, or null if unknown. */
    public static Kind kind(ByteBuffer frame) {
        return Kind.of(frame.get(frame.position() + KIND_OFFSET));
    }

    /** The number of the frame at the buffer's position. */
    public static long number(ByteBuffer frame) {
        return frame.order(ByteOrder.LITTLE_ENDIAN).getLong(frame.position() + NUMBER_OFFSET);
    }
}
