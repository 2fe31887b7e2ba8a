package dev.patchbay.host.channel;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.ObjLongConsumer;

/**
 * Copies of the messages sent on a new link during its health window, so that if the link fails they can be sent
 * again on the old one from wherever the peer says it got to. Bounded: past the byte limit it stops keeping and
 * says so, and the channel then treats the new link as proved.
 */
final class Retention {
    private final long maxBytes;
    private final ArrayDeque<long[]> sequences = new ArrayDeque<>();
    private final ArrayDeque<byte[]> messages = new ArrayDeque<>();
    private long bytes;
    private boolean overflowed;

    Retention(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Keeps a copy of {@code message} (position to limit, not consumed) sent as {@code sequence}. */
    void keep(long sequence, ByteBuffer message) {
        if (overflowed) {
            return;
        }
        if (bytes + message.remaining() > maxBytes) {
            overflowed = true;
            sequences.clear();
            messages.clear();
            return;
        }
        byte[] copy = new byte[message.remaining()];
        message.duplicate().get(copy);
        sequences.add(new long[] {sequence});
        messages.add(copy);
        bytes += copy.length;
    }

    /** Takes back the copy of {@code sequence} if it is the last kept: it was never sent (an interrupted send). */
    void forgetLast(long sequence) {
        if (!sequences.isEmpty() && sequences.peekLast()[0] == sequence) {
            sequences.removeLast();
            bytes -= messages.removeLast().length;
        }
    }

    /** True once more was sent than can be kept: a fallback could no longer resend everything. */
    boolean overflowed() {
        return overflowed;
    }

    /** Hands every kept message with a sequence number of at least {@code from} to {@code resend}, in order. */
    void replayFrom(long from, ObjLongConsumer<ByteBuffer> resend) {
        var seq = sequences.iterator();
        var msg = messages.iterator();
        while (seq.hasNext()) {
            long s = seq.next()[0];
            byte[] m = msg.next();
            if (s >= from) {
                resend.accept(ByteBuffer.wrap(m), s);
            }
        }
    }
}
