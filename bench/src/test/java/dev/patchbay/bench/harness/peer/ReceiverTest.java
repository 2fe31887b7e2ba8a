package dev.patchbay.bench.harness.peer;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.PeerClosedException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReceiverTest {
    private static final int SIZE = 32;

    @Test
    void echoesPingsCountsDataAndAnswersEndWithTheCount() {
        ScriptedLink link = new ScriptedLink(message(0, BenchMessage.PING), message(1, BenchMessage.DATA),
                message(2, BenchMessage.DATA), message(3, BenchMessage.END));

        new Receiver(link, SIZE).run();

        assertThat(link.sent).hasSize(2);
        assertThat(link.sent.get(0).getLong(BenchMessage.SEQUENCE_OFFSET)).isZero();
        assertThat(link.sent.get(1).getLong(BenchMessage.SEQUENCE_OFFSET)).isEqualTo(3);
        assertThat(link.sent.get(1).getLong(BenchMessage.INTENDED_OFFSET)).isEqualTo(4);
    }

    @Test
    void aSequenceGapStopsTheReceiver() {
        ScriptedLink link = new ScriptedLink(message(0, BenchMessage.DATA), message(2, BenchMessage.DATA));

        assertThatThrownBy(() -> new Receiver(link, SIZE).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expected 1, got 2");
    }

    @Test
    void aMessageOfAnotherSizeStopsTheReceiver() {
        ByteBuffer small = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        BenchMessage.putHeader(small, 0, 0, BenchMessage.DATA);
        ScriptedLink link = new ScriptedLink(small);

        assertThatThrownBy(() -> new Receiver(link, SIZE).run()).hasMessageContaining("has 24 bytes");
    }

    private static ByteBuffer message(long sequence, int kind) {
        ByteBuffer m = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        BenchMessage.putHeader(m, sequence, 1000 + sequence, kind);
        return m;
    }

    /** Hands out the given messages one per receive, then reports the peer closed; records what was sent. */
    private static final class ScriptedLink implements Link {
        final Deque<ByteBuffer> script = new ArrayDeque<>();
        final List<ByteBuffer> sent = new ArrayList<>();

        ScriptedLink(ByteBuffer... messages) {
            script.addAll(List.of(messages));
        }

        @Override
        public Address address() {
            return Address.parse("test:scripted");
        }

        @Override
        public void send(ByteBuffer message) {
            ByteBuffer copy = ByteBuffer.allocate(message.remaining()).order(ByteOrder.LITTLE_ENDIAN);
            copy.put(message).flip();
            sent.add(copy);
        }

        @Override
        public int receive(MessageHandler handler, int limit, long timeoutNanos) {
            if (script.isEmpty()) {
                throw new PeerClosedException("script ended");
            }
            handler.onMessage(script.poll());
            return 1;
        }

        @Override
        public boolean isOpen() {
            return !script.isEmpty();
        }

        @Override
        public void close() {
            script.clear();
        }
    }
}
