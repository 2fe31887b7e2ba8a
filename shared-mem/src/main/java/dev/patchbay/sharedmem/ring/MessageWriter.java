package dev.patchbay.sharedmem.ring;

import java.nio.ByteBuffer;

import static dev.patchbay.sharedmem.ring.MessageRecords.FIRST;
import static dev.patchbay.sharedmem.ring.MessageRecords.FIRST_HEADER_LENGTH;
import static dev.patchbay.sharedmem.ring.MessageRecords.MESSAGE;
import static dev.patchbay.sharedmem.ring.MessageRecords.MORE;

/**
 * Writes messages to one ring as {@link MessageRecords}: one record, or a first fragment and more. How to wait
 * while the ring is full is the link's ({@link SpaceWait}); an interrupt during that wait may end a message that
 * has not begun, but once its first fragment is in the ring the message is finished and the interrupt set again
 * afterwards, since a reader would otherwise wait for the rest for ever.
 *
 * <p>Producer side of the ring, one sending thread at a time; nothing is allocated per message.
 */
public final class MessageWriter {
    private final RingBuffer ring;
    private final SpaceWait wait;

    /** Waits until the ring has room for one record, or gives up by throwing. */
    @FunctionalInterface
    public interface SpaceWait {
        /**
         * Called after {@link RingBuffer#tryClaim} found no room for a record of {@code recordLength} payload bytes;
         * returns when there may be room. An exception it throws ends the write (for a peer that left, a link closed,
         * or an interrupt while {@code interruptible}).
         *
         * @param interruptible false once the message has begun: an interrupt must then be cleared and reported by
         *                      returning true, not thrown
         * @return true if it cleared an interrupt
         */
        boolean await(int recordLength, boolean interruptible);
    }

    public MessageWriter(RingBuffer ring, SpaceWait wait) {
        this.ring = ring;
        this.wait = wait;
    }

    /**
     * Writes {@code header} then {@code payload} as one message, waiting for room as long as it takes; their
     * positions are left alone. The caller has checked the length against the peer's limit.
     *
     * @throws CorruptRecordException if the ring's descriptor is damaged
     */
    public void write(ByteBuffer header, ByteBuffer payload) {
        int length = header.remaining() + payload.remaining();
        int largest = ring.maxMessageLength();
        if (length <= largest) {
            if (put(MESSAGE, header, payload, 0, length, -1, true)) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        boolean setAside = false;
        try {
            int first = largest - FIRST_HEADER_LENGTH;
            setAside = put(FIRST, header, payload, 0, first, length, true);
            for (int done = first; done < length; done += largest) {
                setAside |= put(MORE, header, payload, done, Math.min(largest, length - done), -1, false);
            }
        } finally {
            if (setAside) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * True if the ring has room now for every record of a message of {@code length} bytes; a fragmented message
     * whose later records meet padding at the ring's end may still wait for the reader to finish it.
     */
    public boolean hasRoomFor(int length) {
        int largest = ring.maxMessageLength();
        return length <= largest ? ring.hasCapacityFor(length)
                : ring.freeSpace() >= MessageRecords.space(length, largest);
    }

    /**
     * One record holding bytes {@code [from, from + length)} of header-then-payload; {@code total >= 0} marks a first
     * fragment, which starts with the message's whole length. Returns true if the wait cleared an interrupt.
     */
    private boolean put(int type, ByteBuffer header, ByteBuffer payload, int from, int length, int total,
                        boolean interruptible) {
        int recordLength = total >= 0 ? length + FIRST_HEADER_LENGTH : length;
        boolean setAside = false;
        int index = ring.tryClaim(type, recordLength);
        while (index < 0) {
            setAside |= wait.await(recordLength, interruptible);
            index = ring.tryClaim(type, recordLength);
        }
        ByteBuffer memory = ring.buffer();
        int at = index;
        if (total >= 0) {
            memory.putInt(at, total);
            at += FIRST_HEADER_LENGTH;
        }
        int headerLength = header.remaining();
        if (from < headerLength) {
            int n = Math.min(length, headerLength - from);
            memory.put(at, header, header.position() + from, n);
            at += n;
            from += n;
            length -= n;
        }
        if (length > 0) {
            memory.put(at, payload, payload.position() + from - headerLength, length);
        }
        ring.commit(index);
        return setAside;
    }
}
