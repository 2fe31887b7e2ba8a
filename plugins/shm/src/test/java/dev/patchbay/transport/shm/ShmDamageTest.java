package dev.patchbay.transport.shm;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.sharedmem.ring.MessageRecords;
import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.ring.RingBufferDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damage to a live link's rings, made by hand in the real segment, is reported as a damaged ring naming the segment
 * and the offset, on the side that meets it: never as an internal error, never as silence.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShmDamageTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ShmTransport transport = new ShmTransport();
    private final String name = "shm-damage-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Link> open = new ArrayList<>();
    private Link listener;
    private Link connector;

    @AfterEach
    void closeAll() {
        open.forEach(Link::close);
    }

    private void pair() throws Exception {
        Address address = Address.parse("shm:" + name);
        try (Acceptor acceptor = transport.listen(address, LinkOptions.DEFAULTS)) {
            CompletableFuture<Link> connecting = CompletableFuture.supplyAsync(
                    () -> transport.connect(address, LinkOptions.DEFAULTS));
            listener = acceptor.accept(WAIT);
            open.add(listener);
            connector = connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            open.add(connector);
        }
    }

    /** The ring the connector writes and the listener reads. */
    private RingBuffer connectorsRing() {
        return ((ShmLink) connector).outgoing();
    }

    private void putLong(RingBuffer ring, int descriptorOffset, long value) {
        ring.buffer().putLong(ring.region().offset() + descriptorOffset, value);
    }

    /** Commits a record of {@code type} whose payload starts with {@code firstInt}. */
    private void commitRecord(int type, int firstInt) {
        RingBuffer ring = connectorsRing();
        int index = ring.tryClaim(type, 8);
        ring.buffer().putInt(index, firstInt).putInt(index + 4, 0);
        ring.commit(index);
    }

    private void listenerMeetsDamage(String... evidence) {
        var thrown = assertThatThrownBy(() -> listener.receive(m -> { }, 1, WAIT))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("damaged ring in").hasMessageContaining("shm." + name)
                .hasMessageContaining("offset");
        for (String e : evidence) {
            thrown.hasMessageContaining(e);
        }
        assertThat(listener.isOpen()).isFalse();
    }

    @Test
    void aMisalignedHeadIsADamagedRingNotAnInternalError() throws Exception {
        pair();
        putLong(connectorsRing(), RingBufferDescriptor.HEAD_OFFSET, 2033939);
        connector.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        listenerMeetsDamage("head=2033939", "not a multiple of 8");
    }

    @Test
    void aFirstFragmentOfTwoGibibytesIsADamagedRing() throws Exception {
        pair();
        commitRecord(MessageRecords.FIRST, Integer.MAX_VALUE);
        listenerMeetsDamage("2147483647 bytes, which exceeds the limit");
    }

    @Test
    void aRecordOfAnUnknownTypeIsADamagedRing() throws Exception {
        pair();
        commitRecord(9, 0);
        listenerMeetsDamage("record type 9");
    }

    @Test
    void aMisalignedTailIsADamagedRingForTheWriter() throws Exception {
        pair();
        putLong(connectorsRing(), RingBufferDescriptor.TAIL_OFFSET, 13);
        assertThatThrownBy(() -> connector.send(ByteBuffer.wrap(new byte[] {1, 2, 3})))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("damaged ring in").hasMessageContaining("shm." + name)
                .hasMessageContaining("tail=13").hasMessageContaining("offset");
    }

    @Test
    void aTailMoreThanACapacityAheadOfTheHeadIsADamagedRingNotAnEndlessWait() throws Exception {
        pair();
        putLong(connectorsRing(), RingBufferDescriptor.TAIL_OFFSET, 1L << 40);
        assertThatThrownBy(() -> connector.send(ByteBuffer.wrap(new byte[] {1, 2, 3})))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("damaged ring in").hasMessageContaining("not 0 to capacity");
    }
}
