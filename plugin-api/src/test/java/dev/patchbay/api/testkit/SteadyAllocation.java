package dev.patchbay.api.testkit;

import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures the bytes allocated per message on the thread that sends and on the thread that receives, once both are
 * past a warm-up: small messages go out from one reused pair of buffers and come back to one reused handler, so
 * whatever the counters see was allocated by what carries them (a link, or a channel above it). Nothing here
 * allocates inside the measured loops, neither the checks nor the waits.
 */
public final class SteadyAllocation {
    /** Messages each side passes before it starts counting: enough for the JIT to compile the data path. */
    public static final int WARM_UP = 20_000;
    /** Messages counted on each side. */
    public static final int MEASURED = 100_000;
    /** Bytes in each message a link carries: a header of 8 and a payload of 56, each starting with the number. */
    public static final int MESSAGE_SIZE = 64;
    private static final int HEADER_SIZE = 8;
    private static final int TOTAL = WARM_UP + MEASURED;
    private static final long RECEIVE_WAIT = TimeUnit.SECONDS.toNanos(1);
    private static final long DEADLINE = TimeUnit.SECONDS.toNanos(90);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private SteadyAllocation() {
    }

    /** Sends one message: {@code header} then {@code payload}, or the payload alone behind a header of its own. */
    @FunctionalInterface
    public interface Sending {
        void send(ByteBuffer header, ByteBuffer payload);
    }

    /** Waits up to a second for messages and hands up to {@code limit} of them to {@code counter}. */
    @FunctionalInterface
    public interface Receiving {
        void receive(MessageHandler counter, int limit);
    }

    /** Bytes allocated over the measured messages on each side. */
    public record Result(long senderBytes, long receiverBytes) {
        public double senderPerMessage() {
            return (double) senderBytes / MEASURED;
        }

        public double receiverPerMessage() {
            return (double) receiverBytes / MEASURED;
        }

        @Override
        public String toString() {
            return String.format("sender %d B (%.3f B/message), receiver %d B (%.3f B/message) over %d messages",
                    senderBytes, senderPerMessage(), receiverBytes, receiverPerMessage(), MEASURED);
        }
    }

    /** Whether the JVM can count a thread's allocations at all. */
    public static boolean supported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /**
     * Over {@code link}, whose peer echoes every message: an offer of header and payload, and the blocking gathering
     * send when the medium is full.
     */
    public static Result measure(Link link) throws Exception {
        return measure((header, payload) -> {
            if (link.offer(header, payload) == Link.BACK_PRESSURED) {
                link.send(header, payload);
            }
        }, (counter, limit) -> link.receive(counter, limit, RECEIVE_WAIT), MESSAGE_SIZE);
    }

    /**
     * Sends with {@code sending} on a thread of its own and receives with {@code receiving} on this one, each
     * message of {@code receivedSize} bytes where it arrives and starting with its number.
     */
    public static Result measure(Sending sending, Receiving receiving, int receivedSize) throws Exception {
        CompletableFuture<Long> sent = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                sent.complete(send(sending));
            } catch (Throwable e) {
                sent.completeExceptionally(e);
            }
        }, "allocation-sender");
        sender.setDaemon(true);
        sender.start();
        long received;
        try {
            received = receive(receiving, receivedSize);
        } catch (Throwable e) {
            sender.interrupt();
            throw e;
        }
        return new Result(sent.get(30, TimeUnit.SECONDS), received);
    }

    private static long send(Sending sending) {
        ByteBuffer header = ByteBuffer.allocateDirect(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer payload = ByteBuffer.allocateDirect(MESSAGE_SIZE - HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long before = 0;
        for (long seq = 0; seq < TOTAL; seq++) {
            if (seq == WARM_UP) {
                before = THREADS.getCurrentThreadAllocatedBytes();
            }
            header.clear();
            header.putLong(0, seq);
            payload.clear();
            payload.putLong(0, seq);
            sending.send(header, payload);
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private static long receive(Receiving receiving, int size) {
        Counter counter = new Counter(size);
        long deadline = System.nanoTime() + DEADLINE;
        long before = 0;
        boolean counting = false;
        while (counter.next < TOTAL) {
            if (!counting && counter.next >= WARM_UP) {
                before = THREADS.getCurrentThreadAllocatedBytes();
                counting = true;
            }
            // Up to the warm-up's end exactly, so that both sides count the same messages.
            int limit = counting ? 256 : (int) Math.min(256, WARM_UP - counter.next);
            receiving.receive(counter, limit);
            if (counter.wrong >= 0) {
                throw new AssertionError("message " + counter.wrong + " is out of order or not " + size + " bytes");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("only " + counter.next + " of " + TOTAL + " messages in 90 s");
            }
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** Checks the order; remembers the first wrong message instead of building a text in the loop. */
    private static final class Counter implements MessageHandler {
        private final int size;
        long next;
        /** The first message that was wrong, or -1. */
        long wrong = -1;

        Counter(int size) {
            this.size = size;
        }

        @Override
        public void onMessage(ByteBuffer message) {
            long seq = message.order(ByteOrder.LITTLE_ENDIAN).getLong(message.position());
            if (wrong < 0 && (seq != next || message.remaining() != size)) {
                wrong = next;
            }
            next++;
        }
    }
}
