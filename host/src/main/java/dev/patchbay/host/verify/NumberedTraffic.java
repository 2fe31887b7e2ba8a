package dev.patchbay.host.verify;

import dev.patchbay.host.channel.Channel;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Numbered messages through an echo peer, each echo checked against what was sent. */
final class NumberedTraffic {
    /** How long one receive waits before the check looks at its own deadline again. */
    private static final Duration WAIT = Duration.ofMillis(200);

    private final Channel channel;
    private final long deadline;
    private long next;

    NumberedTraffic(Channel channel, Duration limit) {
        this.channel = channel;
        this.deadline = System.nanoTime() + limit.toNanos();
    }

    /** Sends each size in turn and waits for its echo before the next: one message in flight. */
    void lockstep(List<Integer> sizes) {
        for (int size : sizes) {
            long number = next++;
            channel.send(ByteBuffer.wrap(NumberedMessages.message(number, size)));
            check(number, size, receiveOne(number));
        }
    }

    /** Sends {@code count} messages of {@code size} bytes without waiting: they are in flight together. */
    long sendBatch(int count, int size) {
        long first = next;
        for (int i = 0; i < count; i++) {
            channel.send(ByteBuffer.wrap(NumberedMessages.message(next++, size)));
        }
        return first;
    }

    /** Receives {@code count} echoes that must be messages {@code first} onward, in order, of {@code size} bytes. */
    void expectBatch(long first, int count, int size) {
        for (int i = 0; i < count; i++) {
            check(first + i, size, receiveOne(first + i));
        }
    }

    private byte[] receiveOne(long number) {
        List<byte[]> got = new ArrayList<>(1);
        while (got.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no echo of message " + number + " in time: lost, or the link stalled");
            }
            channel.receive((sequence, message) -> got.add(NumberedMessages.copy(message)), 1, WAIT);
        }
        return got.get(0);
    }

    private static void check(long number, int size, byte[] echo) {
        if (!NumberedMessages.matches(number, size, echo)) {
            throw new IllegalStateException("echo of message " + number + " (" + size + " bytes) came back as "
                    + echo.length + " bytes that are not it: lost, duplicated, reordered or damaged");
        }
    }
}
