package dev.patchbay.transport.shm;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.testkit.Fuzz;
import dev.patchbay.sharedmem.ring.CorruptRecordException;
import dev.patchbay.sharedmem.ring.MessageRecords;
import dev.patchbay.sharedmem.ring.RecordDescriptor;
import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.ring.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random bytes and mutated records written into the real ring a live connector writes, then read by the real
 * listener. A ring has no checksums, so damage to a payload can pass unseen (the contract suite says so through
 * {@code detects}); what must hold is that the reader never crashes, never hangs, never allocates past its limit,
 * and never reports damage as the peer closing: it ends with a CorruptFrameException naming the ring, or goes on.
 */
class ShmRingFuzzTest {
    private static final Duration PER_INPUT = Duration.ofSeconds(20);
    /** Small, so that a claimed length past it is refused before anything of that size is allocated. */
    private static final int LIMIT = 16 * 1024;
    private static final int[] EDGE = {0, 1, -1, 7, 8, 13, RecordDescriptor.PADDING_TYPE, Integer.MAX_VALUE,
            Integer.MIN_VALUE, LIMIT, LIMIT + 1, 1 << 20};
    private final ShmTransport transport = new ShmTransport();

    @Test
    void damageEndsInACorruptFrameOrGoesUnseenButNeverWorse() {
        Fuzz.run(80, PER_INPUT, this::feed);
    }

    private void feed(Fuzz fuzz, String replay) throws Exception {
        String name = "shm-fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        Address address = Address.parse("shm:" + name + "?size=8k");
        LinkOptions options = LinkOptions.DEFAULTS.withMaxMessageSize(LIMIT);
        Link listener;
        Link connector;
        try (Acceptor acceptor = transport.listen(address, options)) {
            CompletableFuture<Link> connecting = CompletableFuture.supplyAsync(
                    () -> transport.connect(address, options));
            listener = acceptor.accept(Duration.ofSeconds(5));
            connector = connecting.get(5, TimeUnit.SECONDS);
        }
        StringBuilder done = new StringBuilder();
        try (listener; connector) {
            RingBuffer ring = ((ShmLink) connector).outgoing();
            for (int m = fuzz.between(0, 3); m > 0; m--) {
                // Three at most fit the 8 KiB ring with nobody reading: a send never waits for space here.
                int size = fuzz.between(0, 1800);
                connector.send(ByteBuffer.wrap(fuzz.bytes(size)));
                done.append(" sent ").append(size);
            }
            for (int d = fuzz.between(1, 3); d > 0; d--) {
                done.append(damage(fuzz, ring));
            }
            Throwable end = null;
            int quiet = 0;
            while (end == null && quiet < 3) {
                try {
                    int n = listener.receive(msg -> { }, 16, Duration.ofMillis(20));
                    quiet = n == 0 ? quiet + 1 : 0;
                } catch (Throwable t) {
                    end = t;
                }
            }
            if (end != null) {
                assertThat(end).as(replay + done + ": how the reader ended").isInstanceOf(CorruptFrameException.class)
                        .hasMessageContaining("damaged ring in").hasMessageContaining(name);
                assertThat(listener.isOpen()).as(replay + done + ": reader open after damage").isFalse();
            }
        }
    }

    /** One kind of damage to the ring; returns what it did, for the failure message. */
    private static String damage(Fuzz fuzz, RingBuffer ring) {
        ByteBuffer b = ring.buffer();
        int base = ring.region().offset();
        int data = base + RingBufferDescriptor.DESCRIPTOR_LENGTH;
        switch (fuzz.random().nextInt(5)) {
            case 0 -> {
                // Somewhere in the records written so far (or anywhere, if none).
                int used = (int) Math.min(ring.capacity(), Math.max(8, ring.producerPosition()));
                int at = fuzz.random().nextInt(used) & ~3;
                int value = fuzz.random().nextBoolean() ? EDGE[fuzz.random().nextInt(EDGE.length)]
                        : fuzz.random().nextInt();
                b.putInt(data + at, value);
                return " int " + value + " at record offset " + at;
            }
            case 1 -> {
                int at = fuzz.random().nextInt(ring.capacity() - 64);
                byte[] noise = fuzz.bytes(fuzz.between(1, 64));
                b.put(data + at, noise);
                return " " + noise.length + " random bytes at record offset " + at;
            }
            case 2 -> {
                int type = fuzz.random().nextBoolean() ? fuzz.between(MessageRecords.MESSAGE, MessageRecords.MORE)
                        : fuzz.between(1, 1000);
                int length = fuzz.between(0, 64);
                int index;
                try {
                    index = ring.tryClaim(type, length);
                } catch (CorruptRecordException e) {
                    // An earlier damage to the counters, seen by the writing side: fine, the reader is fuzzed.
                    return " claim refused (" + e.getMessage() + ")";
                }
                if (index < 0) {
                    return " full ring";
                }
                byte[] payload = fuzz.bytes(length);
                b.put(index, payload);
                if (length >= 4 && fuzz.random().nextBoolean()) {
                    b.putInt(index, EDGE[fuzz.random().nextInt(EDGE.length)]);
                }
                ring.commit(index);
                return " record type " + type + " of " + length + " bytes";
            }
            case 3 -> {
                long tail = edgeLong(fuzz, ring);
                b.putLong(base + RingBufferDescriptor.TAIL_OFFSET, tail);
                return " tail=" + tail;
            }
            default -> {
                long head = edgeLong(fuzz, ring);
                b.putLong(base + RingBufferDescriptor.HEAD_OFFSET, head);
                return " head=" + head;
            }
        }
    }

    private static long edgeLong(Fuzz fuzz, RingBuffer ring) {
        long[] edges = {0, -1, 8, 13, ring.capacity(), ring.capacity() + 8L, Long.MAX_VALUE, Long.MIN_VALUE,
                ring.producerPosition() + 8, ring.producerPosition() - 8, 1L << 40};
        return edges[fuzz.random().nextInt(edges.length)];
    }
}
