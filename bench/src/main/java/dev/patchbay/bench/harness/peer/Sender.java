package dev.patchbay.bench.harness.peer;

import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The measuring side of a Java pair: round trips at a fixed rate and back-to-back streaming over one {@link Link}.
 * Nothing on the measured path allocates. The C baselines do the same in {@code bench_peer.c}.
 */
final class Sender {
    /** A receiver that has not answered in this long is taken to be stuck. */
    /**
     * A bound on liveness, not a measurement: the receiver may have a whole round's backlog to drain on loaded cores,
     * and a receiver that died is seen sooner, by the link. The launcher's own grace is as long.
     */
    private static final long ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Link link;
    private final int size;
    private final long rate;
    private final ByteBuffer out;
    private final MessageHandler onAnswer = this::answered;
    private long nextSequence;
    private long answerSequence;
    private long answerField;

    Sender(Link link, int size, long rate) {
        this.link = link;
        this.size = size;
        this.rate = rate;
        this.out = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = BenchMessage.HEADER_LENGTH; i < size; i++) {
            out.put(i, (byte) i);
        }
    }

    /** Half the time in round trips, half streaming; nothing is recorded. */
    void warmUp(long millis) {
        roundTrips(millis / 2, null);
        stream(millis / 2);
    }

    /**
     * Sends a PING every 1/rate seconds for {@code millis} and waits for each echo. Latency counts from the intended
     * send time, so a slow echo delays the next send and is charged to every message it delayed.
     *
     * @return how many samples were taken (and written to {@code file}, if given)
     */
    int roundTrips(long millis, Path file) {
        int count = (int) (millis * rate / 1000);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long[] samples = new long[count];
        long start = System.nanoTime() + interval;
        for (int i = 0; i < count; i++) {
            long intended = start + i * interval;
            Pacer.awaitNanoTime(intended);
            send(BenchMessage.PING, intended);
            awaitAnswer();
            samples[i] = System.nanoTime() - intended;
        }
        if (file != null) {
            write(samples, file);
        }
        return count;
    }

    /** Sends DATA back to back for {@code millis}, then END; the clock stops when END has been answered. */
    StreamResult stream(long millis) {
        long start = System.nanoTime();
        long stop = start + TimeUnit.MILLISECONDS.toNanos(millis);
        long sent = 0;
        do {
            send(BenchMessage.DATA, 0);
            sent++;
        } while (System.nanoTime() < stop);
        send(BenchMessage.END, 0);
        awaitAnswer();
        long nanos = System.nanoTime() - start;
        if (answerField != nextSequence) {
            throw new IllegalStateException("the receiver took in " + answerField + " messages, " + nextSequence
                    + " were sent");
        }
        return new StreamResult(sent, sent * size, nanos);
    }

    private void send(int kind, long intended) {
        BenchMessage.putHeader(out, nextSequence++, intended, kind);
        out.clear();
        link.send(out);
    }

    private void awaitAnswer() {
        answerSequence = -1;
        if (link.receive(onAnswer, 1, ANSWER_TIMEOUT_NANOS) == 0) {
            throw new IllegalStateException("no answer from the receiver within "
                    + TimeUnit.NANOSECONDS.toSeconds(ANSWER_TIMEOUT_NANOS) + " s");
        }
        if (answerSequence != nextSequence - 1) {
            throw new IllegalStateException("the answer carries sequence " + answerSequence + ", expected "
                    + (nextSequence - 1));
        }
    }

    private void answered(ByteBuffer message) {
        ByteBuffer m = message.order(ByteOrder.LITTLE_ENDIAN);
        answerSequence = m.getLong(m.position() + BenchMessage.SEQUENCE_OFFSET);
        answerField = m.getLong(m.position() + BenchMessage.INTENDED_OFFSET);
    }

    private static void write(long[] samples, Path file) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(samples);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write latency samples to " + file + ": " + e.getMessage(), e);
        }
    }

    /** One streaming round as the sender saw it. */
    record StreamResult(long messages, long bytes, long nanos) {
    }
}
