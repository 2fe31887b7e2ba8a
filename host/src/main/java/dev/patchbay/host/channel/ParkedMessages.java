package dev.patchbay.host.channel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * Application messages an agent read while it looked for control frames and nobody was receiving: kept, in order,
 * for the application's next {@code receive}. Bounded in bytes; past the bound the agent stops reading, and what
 * follows waits in the link, as it would without an agent. Guarded by the channel's read lock.
 */
final class ParkedMessages {
    /** What an idle channel may hold in the heap before its link has to hold the rest. */
    static final long LIMIT_BYTES = 1L << 20;

    private record Parked(long sequence, byte[] body) {
    }

    private final ArrayDeque<Parked> messages = new ArrayDeque<>();
    private long bytes;

    void park(long sequence, ByteBuffer body) {
        byte[] copy = new byte[body.remaining()];
        body.get(copy);
        messages.add(new Parked(sequence, copy));
        bytes += copy.length + 32;
    }

    boolean full() {
        return bytes >= LIMIT_BYTES;
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Hands up to {@code limit} kept messages to {@code handler}, oldest first; returns how many. */
    int deliver(ChannelHandler handler, int limit) {
        int n = 0;
        while (n < limit && !messages.isEmpty()) {
            Parked p = messages.poll();
            bytes -= p.body().length + 32;
            n++;
            // The same byte order as a message handed up from the link, which the frame header was read in.
            handler.onMessage(p.sequence(), ByteBuffer.wrap(p.body()).order(ByteOrder.LITTLE_ENDIAN));
        }
        return n;
    }
}
