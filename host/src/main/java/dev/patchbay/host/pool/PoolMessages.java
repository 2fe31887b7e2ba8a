package dev.patchbay.host.pool;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The messages between the dispatcher and a worker: a kind byte, then little-endian fields. Every message has the
 * same length so that one buffer serves each sender.
 *
 * <pre>
 *   TASK    1 | task id (8) | work (4) | 0 (4)
 *   RESULT  2 | task id (8) | value (8)
 *   HELLO   3 | worker pid (8) | 0 (8)
 * </pre>
 */
final class PoolMessages {
    static final byte TASK = 1;
    static final byte RESULT = 2;
    static final byte HELLO = 3;
    static final int LENGTH = 17;

    private PoolMessages() {
    }

    static ByteBuffer buffer() {
        return ByteBuffer.allocateDirect(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    }

    static ByteBuffer task(ByteBuffer b, long id, int work) {
        return fill(b, TASK, id, work);
    }

    static ByteBuffer result(ByteBuffer b, long id, long value) {
        return fill(b, RESULT, id, value);
    }

    static ByteBuffer hello(ByteBuffer b, long pid) {
        return fill(b, HELLO, pid, 0);
    }

    private static ByteBuffer fill(ByteBuffer b, byte kind, long first, long second) {
        b.clear();
        b.put(0, kind).putLong(1, first).putLong(9, second);
        return b;
    }

    /** The kind of a received message (its buffer as handed to a handler). */
    static byte kind(ByteBuffer m) {
        if (m.remaining() != LENGTH) {
            throw new IllegalStateException("pool message of " + m.remaining() + " bytes; expected " + LENGTH);
        }
        return m.get(m.position());
    }

    /** The task id, result's task id or hello's pid. */
    static long first(ByteBuffer m) {
        return m.order(ByteOrder.LITTLE_ENDIAN).getLong(m.position() + 1);
    }

    /** The task's work or the result's value. */
    static long second(ByteBuffer m) {
        return m.order(ByteOrder.LITTLE_ENDIAN).getLong(m.position() + 9);
    }

    /**
     * The task itself: {@code work} rounds of a 64-bit mixing function seeded with the task id, so that a task
     * costs CPU in proportion to {@code work} and its answer can be checked.
     */
    static long compute(long id, long work) {
        long x = id;
        for (long i = 0; i < work; i++) {
            x += 0x9E37_79B9_7F4A_7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
            x = z ^ (z >>> 31);
        }
        return x;
    }
}
