package dev.patchbay.bench.harness.peer;

import dev.patchbay.api.Link;
import dev.patchbay.api.PeerClosedException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The answering side of a Java pair: echoes PING, counts DATA, answers END with the count, and checks that every
 * message carries the next sequence number and the agreed size. The C baselines do the same in
 * {@code bench_peer.c}.
 */
final class Receiver {
    private final Link link;
    private final int size;
    private final ByteBuffer answer;
    private long expected;

    Receiver(Link link, int size) {
        this.link = link;
        this.size = size;
        this.answer = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Answers until the sender closes the link; a bad message throws {@link IllegalStateException}. */
    void run() {
        try {
            while (true) {
                link.receive(this::onMessage, 256, TimeUnit.SECONDS.toNanos(1));
            }
        } catch (PeerClosedException e) {
            // The sender is done.
        }
    }

    private void onMessage(ByteBuffer message) {
        ByteBuffer m = message.order(ByteOrder.LITTLE_ENDIAN);
        int base = m.position();
        long sequence = m.getLong(base + BenchMessage.SEQUENCE_OFFSET);
        if (sequence != expected) {
            throw new IllegalStateException("sequence gap: expected " + expected + ", got " + sequence);
        }
        if (m.remaining() != size) {
            throw new IllegalStateException("message " + sequence + " has " + m.remaining() + " bytes, expected "
                    + size);
        }
        expected++;
        switch (m.getInt(base + BenchMessage.KIND_OFFSET)) {
            case BenchMessage.DATA -> { }
            case BenchMessage.PING -> link.send(m);
            case BenchMessage.END -> {
                // The received buffer may be a view into the link's own memory: answer from a copy.
                answer.clear();
                answer.put(m).flip();
                answer.putLong(BenchMessage.INTENDED_OFFSET, expected);
                link.send(answer);
            }
            default -> throw new IllegalStateException("message " + sequence + " has unknown kind "
                    + m.getInt(base + BenchMessage.KIND_OFFSET));
        }
    }
}
