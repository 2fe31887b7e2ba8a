package dev.patchbay.sharedmem.ring;

import java.nio.ByteBuffer;

/**
 * Test records that check themselves: the sequence number first, then bytes derived from producer and sequence;
 * lengths vary from 8 to {@value #MAX_LENGTH} bytes with the sequence.
 */
public final class RingRecords {
    public static final int MAX_LENGTH = 500;

    private RingRecords() {
    }

    /** The length of record {@code seq}. */
    public static int length(long seq) {
        return 8 + (int) ((seq * 2_654_435_761L >>> 7) % (MAX_LENGTH - 7));
    }

    /** Writes record {@code seq} of {@code producer} at the start of {@code scratch}; returns its length. */
    public static int fill(ByteBuffer scratch, int producer, long seq) {
        int length = length(seq);
        scratch.putLong(0, seq);
        for (int i = 8; i < length; i++) {
            scratch.put(i, expected(producer, seq, i));
        }
        return length;
    }

    /** Throws if the record at {@code index} is not record {@code seq} of {@code producer}. */
    public static void check(ByteBuffer buffer, int index, int length, int producer, long seq) {
        if (length != length(seq) || buffer.getLong(index) != seq) {
            throw new AssertionError("producer " + producer + " record " + seq + ": length " + length
                    + ", sequence " + buffer.getLong(index));
        }
        for (int i = 8; i < length; i++) {
            if (buffer.get(index + i) != expected(producer, seq, i)) {
                throw new AssertionError("producer " + producer + " record " + seq + ": byte " + i + " differs");
            }
        }
    }

    private static byte expected(int producer, long seq, int i) {
        return (byte) (producer * 131 + seq * 7 + i);
    }
}
