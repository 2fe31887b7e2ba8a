package dev.patchbay.bench.harness.peer;

import java.nio.ByteBuffer;

/**
 * The layout of every message the harness sends, in both the Java peers and the C baselines
 * ({@code bench/src/main/c/bench_proto.h} mirrors it; change both together). Little-endian.
 *
 * <pre>
 *   0               8               16      20                       size
 *   +---------------+---------------+-------+------------------------+
 *   | sequence u64  | intended ns   | kind  | filler                 |
 *   +---------------+---------------+-------+------------------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code sequence} runs 0, 1, 2, ... over a whole session; the receiver stops with an error at any other
 *       number, so a lost, repeated or reordered message fails the run.</li>
 *   <li>{@code intended} is when the message was due to be sent ({@code CLOCK_MONOTONIC} nanoseconds, which is
 *       what {@link System#nanoTime()} reads on Linux), so a stall shows up as latency instead of hiding in a
 *       later send (coordinated omission). In an {@link #END} answer it carries the receiver's message count.</li>
 *   <li>{@code kind}: {@link #PING} is echoed back unchanged, {@link #DATA} is counted, {@link #END} is answered.</li>
 * </ul>
 */
public final class BenchMessage {
    public static final int SEQUENCE_OFFSET = 0;
    public static final int INTENDED_OFFSET = 8;
    public static final int KIND_OFFSET = 16;
    /** The smallest message the harness can send. */
    public static final int HEADER_LENGTH = 20;

    /** Echo this message back as it is (round trip). */
    public static final int PING = 1;
    /** Count this message (streaming). */
    public static final int DATA = 2;
    /** End of a streaming round: answer with this message, its {@code intended} field set to the count so far. */
    public static final int END = 3;

    private BenchMessage() {
    }

    /** Writes the header of a message into {@code message} (little-endian, absolute offsets from 0). */
    static void putHeader(ByteBuffer message, long sequence, long intended, int kind) {
        message.putLong(SEQUENCE_OFFSET, sequence).putLong(INTENDED_OFFSET, intended).putInt(KIND_OFFSET, kind);
    }

    /** Checks that a size can carry the header. */
    public static int checkSize(int size) {
        if (size < HEADER_LENGTH) {
            throw new IllegalArgumentException("message size " + size + " is below the harness's header of "
                    + HEADER_LENGTH + " bytes");
        }
        return size;
    }
}
