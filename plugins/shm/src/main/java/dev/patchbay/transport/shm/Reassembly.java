package dev.patchbay.transport.shm;

import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.sharedmem.ring.RecordDescriptor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.patchbay.transport.shm.ShmLinkDescriptor.FIRST;
import static dev.patchbay.transport.shm.ShmLinkDescriptor.FIRST_HEADER_LENGTH;
import static dev.patchbay.transport.shm.ShmLinkDescriptor.MESSAGE;
import static dev.patchbay.transport.shm.ShmLinkDescriptor.MORE;

/**
 * Turns the records of an incoming ring into messages: a {@code MESSAGE} record is one as it stands (a view of the
 * ring), {@code FIRST} and {@code MORE} records are copied into one buffer until the length the first announced
 * is complete. Checks the announced length against the limit before allocating anything.
 */
final class Reassembly {
    private final Address address;
    private final String segment;
    private final int limit;
    private final ByteBuffer view;
    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private boolean assembling;

    /**
     * @param segment names the segment in messages
     * @param ring    the ring's memory; whole messages are handed out as read-only views of it
     * @param limit   the largest message accepted
     */
    Reassembly(Address address, String segment, ByteBuffer ring, int limit) {
        this.address = address;
        this.segment = segment;
        this.limit = limit;
        this.view = ring.asReadOnlyBuffer();
    }

    /**
     * Takes one record.
     *
     * @return the message it completes, valid until the next call; null if more fragments must come
     * @throws CorruptFrameException for a record out of place, an unknown type, or a length past the limit
     */
    ByteBuffer onRecord(int type, ByteBuffer ring, int index, int length) {
        try {
            return take(type, ring, index, length);
        } catch (CorruptFrameException e) {
            throw new CorruptFrameException("damaged ring in " + segment + " (" + address + "), record at offset "
                    + (index - RecordDescriptor.HEADER_LENGTH) + " of the mapping: " + e.getMessage());
        }
    }

    private ByteBuffer take(int type, ByteBuffer ring, int index, int length) {
        switch (type) {
            case MESSAGE -> {
                if (assembling) {
                    throw corrupt("a whole message arrived while a fragmented one was " + progress());
                }
                view.order(ByteOrder.LITTLE_ENDIAN).limit(index + length).position(index);
                return view;
            }
            case FIRST -> {
                if (assembling || length < FIRST_HEADER_LENGTH) {
                    throw corrupt(assembling ? "a new fragmented message began while one was " + progress()
                            : "a first fragment of " + length + " bytes is too short for its header");
                }
                int total = ring.getInt(index);
                if (total < 0 || total > limit) {
                    throw corrupt("a fragmented message claims " + Integer.toUnsignedLong(total)
                            + " bytes, which exceeds the limit of " + limit + " bytes");
                }
                if (total <= length - FIRST_HEADER_LENGTH) {
                    throw corrupt("a fragmented message of " + total + " bytes came in one fragment");
                }
                if (buffer.capacity() < total) {
                    buffer = ByteBuffer.allocate(total);
                }
                buffer.clear().limit(total);
                buffer.put(0, ring, index + FIRST_HEADER_LENGTH, length - FIRST_HEADER_LENGTH)
                        .position(length - FIRST_HEADER_LENGTH);
                assembling = true;
                return null;
            }
            case MORE -> {
                if (!assembling || length > buffer.remaining()) {
                    throw corrupt(assembling ? "a fragment of " + length + " bytes overruns a message that was "
                            + progress() : "a fragment arrived with no message begun");
                }
                buffer.put(buffer.position(), ring, index, length).position(buffer.position() + length);
                if (buffer.hasRemaining()) {
                    return null;
                }
                assembling = false;
                return buffer.flip().order(ByteOrder.LITTLE_ENDIAN);
            }
            default -> throw corrupt("record type " + type + " is none of " + MESSAGE + " (message), " + FIRST
                    + " (first fragment), " + MORE + " (fragment)");
        }
    }

    /** True while a fragmented message is incomplete. */
    boolean isAssembling() {
        return assembling;
    }

    private String progress() {
        return buffer.position() + " of " + buffer.limit() + " bytes in";
    }

    private static CorruptFrameException corrupt(String what) {
        return new CorruptFrameException(what);
    }
}
