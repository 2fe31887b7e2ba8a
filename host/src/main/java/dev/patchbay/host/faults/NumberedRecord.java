package dev.patchbay.host.faults;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The records of the mmap group: record {@code n} carries {@code n} and a body whose length and bytes follow from
 * {@code n}, so that a reader can tell a record that is not the one due, or not whole, from the right one.
 */
final class NumberedRecord {
    /** Bodies of 0 to this many bytes: kills land in the middle of records, and files roll over often. */
    static final int SPREAD = 8_000;

    private NumberedRecord() {
    }

    static ByteBuffer of(long n) {
        int body = Math.floorMod(n * 7_919, SPREAD);
        ByteBuffer b = ByteBuffer.allocate(Long.BYTES + body).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n);
        for (int i = 0; i < body; i++) {
            b.put((byte) (n + i));
        }
        return b.flip();
    }

    /**
     * The number a record carries.
     *
     * @throws IllegalStateException if its length or bytes are not those of that number's record
     */
    static long check(ByteBuffer m) {
        ByteBuffer b = m.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < Long.BYTES) {
            throw new IllegalStateException("a record of " + b.remaining() + " bytes, too short to be one of ours");
        }
        long n = b.getLong();
        int body = Math.floorMod(n * 7_919, SPREAD);
        if (b.remaining() != body) {
            throw new IllegalStateException("record " + n + " has " + b.remaining() + " body bytes, not " + body);
        }
        for (int i = 0; i < body; i++) {
            if (b.get() != (byte) (n + i)) {
                throw new IllegalStateException("record " + n + " differs at body byte " + i);
            }
        }
        return n;
    }
}
