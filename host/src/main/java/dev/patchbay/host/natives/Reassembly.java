package dev.patchbay.host.natives;

import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;

import java.nio.ByteBuffer;

/** A message arriving in fragments, put together up to the link's limit (never past it: that is corrupt). */
final class Reassembly {
    private final Address address;
    private final int limit;
    private ByteBuffer bytes = ByteBuffer.allocate(0);

    Reassembly(Address address, int limit) {
        this.address = address;
        this.limit = limit;
    }

    void append(ByteBuffer source, int index, int length) {
        long total = (long) bytes.position() + length;
        if (total > limit) {
            throw new CorruptFrameException("corrupt record on " + address + ": a fragmented message of at least "
                    + total + " bytes exceeds the limit of " + limit + " bytes");
        }
        if (total > bytes.capacity()) {
            ByteBuffer grown = ByteBuffer.allocate((int) Math.min(limit, Math.max(total, 2L * bytes.capacity())));
            grown.put(bytes.flip());
            bytes = grown;
        }
        bytes.put(bytes.position(), source, index, length);
        bytes.position((int) total);
    }

    /** The whole message, until the next append; the fragments are forgotten. */
    ByteBuffer complete() {
        ByteBuffer message = bytes.flip().slice();
        bytes.clear();
        return message;
    }

    void requireEmpty() {
        if (bytes.position() > 0) {
            throw new CorruptFrameException("corrupt record on " + address + ": a whole message arrived inside a"
                    + " fragmented one");
        }
    }
}
