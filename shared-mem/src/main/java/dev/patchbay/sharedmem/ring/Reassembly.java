package dev.patchbay.sharedmem.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.patchbay.sharedmem.ring.MessageRecords.FIRST;
import static dev.patchbay.sharedmem.ring.MessageRecords.FIRST_HEADER_LENGTH;
import static dev.patchbay.sharedmem.ring.MessageRecords.MESSAGE;
import static dev.patchbay.sharedmem.ring.MessageRecords.MORE;

/**
 * Turns the {@link MessageRecords} of an incoming ring back into messages: a {@code MESSAGE} record is one as it
 * stands (a read-only view of the ring), {@code FIRST} and {@code MORE} records are copied into one buffer until the
 * length the first announced is complete. The announced length is checked against the limit before anything is
 * allocated, and the buffer, once grown, is kept: nothing is allocated per message in the steady state.
 *
 * <p>Consumer side, one receiving thread; call {@link #onRecord} from the {@link RecordHandler} of a poll.
 */
public final class Reassembly {
    private final int limit;
    private final ByteBuffer view;
    private final String memory;
    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private boolean assembling;

    /**
     * @param ring   the ring's memory as {@link RecordHandler} receives it; whole messages are views of it
     * @param limit  the largest message accepted
     * @param memory what record offsets count from, for messages, e.g. {@code "the mapping"}
     */
    public Reassembly(ByteBuffer ring, int limit, String memory) {
        this.limit = limit;
        this.view = ring.asReadOnlyBuffer();
        this.memory = memory;
    }

    /**
     * Takes one record.
     *
     * @return the message it completes, valid until the next call; null if more fragments must come
     * @throws CorruptRecordException for a record out of place, an unknown type, or a length past the limit; the
     *                                message starts with the record's offset
     */
    public ByteBuffer onRecord(int type, ByteBuffer ring, int index, int length) {
        switch (type) {
            case MESSAGE -> {
                if (assembling) {
                    throw corrupt(index, "a whole message arrived while a fragmented one was " + progress());
                }
                // A handler may have changed the order of what it was given last time.
                view.order(ByteOrder.LITTLE_ENDIAN).limit(index + length).position(index);
                return view;
            }
            case FIRST -> {
                if (assembling || length < FIRST_HEADER_LENGTH) {
                    throw corrupt(index, assembling ? "a new fragmented message began while one was " + progress()
                            : "a first fragment of " + length + " bytes is too short for its header");
                }
                int total = ring.getInt(index);
                if (total < 0 || total > limit) {
                    throw corrupt(index, "a fragmented message claims " + Integer.toUnsignedLong(total)
                            + " bytes, which exceeds the limit of " + limit + " bytes");
                }
                int carried = length - FIRST_HEADER_LENGTH;
                if (total <= carried) {
                    throw corrupt(index, "a fragmented message of " + total + " bytes came in one fragment");
                }
                if (buffer.capacity() < total) {
                    buffer = ByteBuffer.allocate(total);
                }
                buffer.clear().limit(total);
                buffer.put(0, ring, index + FIRST_HEADER_LENGTH, carried).position(carried);
                assembling = true;
                return null;
            }
            case MORE -> {
                if (!assembling || length > buffer.remaining()) {
                    throw corrupt(index, assembling ? "a fragment of " + length + " bytes overruns a message that was "
                            + progress() : "a fragment arrived with no message begun");
                }
                buffer.put(buffer.position(), ring, index, length).position(buffer.position() + length);
                if (buffer.hasRemaining()) {
                    return null;
                }
                assembling = false;
                return buffer.flip().order(ByteOrder.LITTLE_ENDIAN);
            }
            default -> throw corrupt(index, "record type " + type + " is none of " + MESSAGE + " (message), " + FIRST
                    + " (first fragment), " + MORE + " (fragment)");
        }
    }

    /** True while a fragmented message is incomplete. */
    public boolean isAssembling() {
        return assembling;
    }

    private String progress() {
        return buffer.position() + " of " + buffer.limit() + " bytes in";
    }

    private CorruptRecordException corrupt(int index, String what) {
        return new CorruptRecordException("record at offset " + (index - RecordDescriptor.HEADER_LENGTH) + " of "
                + memory + ": " + what);
    }
}
