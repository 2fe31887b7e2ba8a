package dev.patchbay.api.testkit;

import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures the bytes a link allocates per message on the thread that sends and on the thread that receives, once
 * both are past a warm-up: small messages go to an echoing peer from one reused pair of buffers (an offer, and a
 * blocking gathering send when the medium is full) and come back to one reused handler, so whatever the counters see
 * was allocated by the link. Nothing here allocates inside the measured loops, neither the checks nor the waits.
 */
public final class SteadyAllocation {
    /** Messages each side passes before it starts counting: enough for the JIT to compile the data path. */
    public static final int WARM_UP = 20_000;
    /** Messages counted on each side. */
    public static final int MEASURED = 100_000;
    /** Bytes in each message: a sequence header of 8 and a payload of 56. */
    public static final int MESSAGE_SIZE = 64;
    private static final int TOTAL = WARM_UP + MEASURED;
    private static final long RECEIVE_WAIT = TimeUnit.SECONDS.toNanos(1);
    private static final long DEADLINE = TimeUnit.SECONDS.toNanos(90);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private SteadyAllocation() {
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

    /** Runs the measurement over {@code link}, whose peer echoes every message. */
    public static Result measure(Link link) throws Exception {
        CompletableFuture<Long> sent = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                sent.complete(send(link));
            } catch (Throwable e) {
                sent.completeExceptionally(e);
            }
        }, "allocation-sender");
        sender.setDaemon(true);
        sender.start();
        long received;
        try {
            received = receive(link);
        } catch (Throwable e) {
            sender.interrupt();
            throw e;
        }
        return new Result(sent.get(30, TimeUnit.SECONDS), received);
    }

    private static long send(Link link) {
        ByteBuffer header = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer payload = ByteBuffer.allocateDirect(MESSAGE_SIZE - 8);
        long before = 0;
        for (long seq = 0; seq < TOTAL; seq++) {
            if (seq == WARM_UP) {
                before = THREADS.getCurrentThreadAllocatedBytes();
            }
            header.clear();
            header.putLong(0, seq);
            payload.clear();
            if (link.offer(header, payload) == Link.BACK_PRESSURED) {
                link.send(header, payload);
            }
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private static long receive(Link link) {
        Counter counter = new Counter();
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
            link.receive(counter, limit, RECEIVE_WAIT);
            if (counter.wrong >= 0) {
                throw new AssertionError("echo " + counter.wrong + " is out of order or not " + MESSAGE_SIZE
                        + " bytes");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("only " + counter.next + " of " + TOTAL + " echoes in 90 s");
            }
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** Checks the sequence of each echo; remembers the first wrong one instead of building a message in the loop. */
    private static final class Counter implements MessageHandler {
        long next;
        /** The first echo that was wrong, or -1. */
        long wrong = -1;

        @Override
        public void onMessage(ByteBuffer message) {
            long seq = message.order(ByteOrder.LITTLE_ENDIAN).getLong(message.position());
            if (wrong < 0 && (seq != next || message.remaining() != MESSAGE_SIZE)) {
                wrong = next;
            }
            next++;
        }
    }
}
