package dev.patchbay.kit.stream;

import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.PeerClosedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Framing edge cases that a real pipe produces only by chance: frames split at every byte, several frames in one
 * read, a large frame arriving in pieces. The medium is an in-memory chunk queue so the splits are exact.
 */
class StreamLinkTest {
    private static final byte[] EOF = new byte[0];

    /** Delivers written bytes to the reader in the chunk sizes a test chooses. */
    private static final class ChunkedStream implements ByteStream {
        final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(100_000);
        final List<byte[]> written = new ArrayList<>();
        int gatheredWrites;
        private ByteBuffer current = ByteBuffer.allocate(0);

        @Override
        public int read(ByteBuffer dst, long timeoutNanos) throws IOException {
            try {
                if (!current.hasRemaining()) {
                    byte[] next = chunks.poll(timeoutNanos, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        return 0;
                    }
                    if (next == EOF) {
                        return -1;
                    }
                    current = ByteBuffer.wrap(next);
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            int n = Math.min(dst.remaining(), current.remaining());
            int limit = current.limit();
            current.limit(current.position() + n);
            dst.put(current);
            current.limit(limit);
            return n;
        }

        @Override
        public boolean write(ByteBuffer src) {
            byte[] b = new byte[src.remaining()];
            src.get(b);
            written.add(b);
            return true;
        }

        @Override
        public boolean write(ByteBuffer first, ByteBuffer second) {
            gatheredWrites++;
            byte[] b = new byte[first.remaining() + second.remaining()];
            first.get(b, 0, first.remaining());
            second.get(b, b.length - second.remaining(), second.remaining());
            written.add(b);
            return true;
        }

        @Override
        public void close() {
        }

        void feedInPieces(byte[] bytes, int pieceSize) {
            for (int i = 0; i < bytes.length; i += pieceSize) {
                byte[] piece = new byte[Math.min(pieceSize, bytes.length - i)];
                System.arraycopy(bytes, i, piece, 0, piece.length);
                chunks.add(piece);
            }
        }
    }

    private final ChunkedStream stream = new ChunkedStream();
    private final Link link = new StreamLink(Address.parse("test:chunks"), stream, 4 << 20);

    private List<String> receiveAll(int expected) {
        List<String> out = new ArrayList<>();
        while (out.size() < expected) {
            int n = link.receive(m -> {
                byte[] b = new byte[m.remaining()];
                m.get(b);
                out.add(new String(b));
            }, 100, Duration.ofSeconds(2));
            assertThat(n).as("messages within 2 s").isPositive();
        }
        return out;
    }

    @Test
    void reassemblesFramesSplitAtEveryByte() {
        byte[] a = FrameDescriptor.frame("alpha".getBytes());
        byte[] b = FrameDescriptor.frame("".getBytes());
        byte[] c = FrameDescriptor.frame("gamma".getBytes());
        ByteBuffer all = ByteBuffer.allocate(a.length + b.length + c.length).put(a).put(b).put(c);
        stream.feedInPieces(all.array(), 1);
        assertThat(receiveAll(3)).containsExactly("alpha", "", "gamma");
    }

    @Test
    void readsALargeFrameThatArrivesInPieces() {
        byte[] payload = new byte[700_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        stream.feedInPieces(FrameDescriptor.frame(payload), 4093);
        stream.feedInPieces(FrameDescriptor.frame("after".getBytes()), 3);
        List<byte[]> got = new ArrayList<>();
        while (got.size() < 2) {
            link.receive(m -> {
                byte[] b = new byte[m.remaining()];
                m.get(b);
                got.add(b);
            }, 10, Duration.ofSeconds(2));
        }
        assertThat(got.get(0)).isEqualTo(payload);
        assertThat(new String(got.get(1))).isEqualTo("after");
    }

    @Test
    void writesFramesThatTheReaderAccepts() {
        link.send(ByteBuffer.wrap("one".getBytes()));
        link.send(ByteBuffer.wrap(new byte[200_000]));
        for (byte[] w : stream.written) {
            stream.chunks.add(w);
        }
        List<String> got = receiveAll(2);
        assertThat(got.get(0)).isEqualTo("one");
        assertThat(got.get(1)).hasSize(200_000);
    }

    @Test
    void timesOutWithAPartialFrameAndFinishesItLater() {
        byte[] frame = FrameDescriptor.frame("patience".getBytes());
        stream.chunks.add(java.util.Arrays.copyOf(frame, 5));
        assertThat(link.receive(m -> { }, 1, Duration.ofMillis(50))).isZero();
        stream.chunks.add(java.util.Arrays.copyOfRange(frame, 5, frame.length));
        assertThat(receiveAll(1)).containsExactly("patience");
    }

    @Test
    void badMagicIsACorruptFrame() {
        stream.chunks.add("Picked up JAVA_TOOL_OPTIONS: -Xmx1g\n".getBytes());
        assertThatThrownBy(() -> link.receive(m -> { }, 1, Duration.ofSeconds(1)))
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("bad magic");
        assertThatThrownBy(() -> link.receive(m -> { }, 1, Duration.ofSeconds(1)))
                .isInstanceOf(CorruptFrameException.class);
        assertThatThrownBy(() -> link.send(ByteBuffer.allocate(1))).isInstanceOf(LinkClosedException.class);
    }

    @Test
    void endOfStreamInsideAFrameSaysSo() {
        stream.chunks.add(java.util.Arrays.copyOf(FrameDescriptor.frame("cut".getBytes()), 14));
        stream.chunks.add(EOF);
        assertThatThrownBy(() -> link.receive(m -> { }, 1, Duration.ofSeconds(1)))
                .isInstanceOf(PeerClosedException.class).hasMessageContaining("in the middle of a message");
    }

    @Test
    void aSmallMessageAndItsHeaderGoOutInOneWrite() {
        link.send(ByteBuffer.wrap("heap".getBytes()));
        ByteBuffer direct = ByteBuffer.allocateDirect(300);
        link.send(direct);
        assertThat(stream.written).hasSize(2);
        assertThat(stream.written.get(0)).isEqualTo(FrameDescriptor.frame("heap".getBytes()));
        assertThat(stream.written.get(1)).isEqualTo(FrameDescriptor.frame(new byte[300]));
        assertThat(direct.hasRemaining()).isFalse();
    }

    @Test
    void aLargeDirectMessageIsGatheredWithItsHeaderNotCopied() {
        byte[] payload = pattern(100_000);
        ByteBuffer message = ByteBuffer.allocateDirect(payload.length).put(payload).flip();
        link.send(message);
        assertThat(stream.gatheredWrites).isEqualTo(1);
        assertThat(stream.written).hasSize(1);
        assertThat(stream.written.get(0)).isEqualTo(FrameDescriptor.frame(payload));
        assertThat(message.hasRemaining()).isFalse();
    }

    @Test
    void framesOfEverySizeInRandomPiecesArriveWholeAndInOrder() {
        java.util.Random random = new java.util.Random(42);
        int[] sizes = {0, 1, 11, 12, 13, 4095, 4096, 65_524, 65_536, 65_548, 131_060, 131_072, 300_000, 1_048_576,
                1_048_577, 2_500_000, 5, 70_000};
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int size : sizes) {
            all.writeBytes(FrameDescriptor.frame(pattern(size)));
        }
        byte[] bytes = all.toByteArray();
        for (int i = 0; i < bytes.length; ) {
            int piece = Math.min(bytes.length - i, 1 + random.nextInt(random.nextBoolean() ? 50 : 200_000));
            stream.chunks.add(java.util.Arrays.copyOfRange(bytes, i, i + piece));
            i += piece;
        }
        List<byte[]> got = new ArrayList<>();
        while (got.size() < sizes.length) {
            int n = link.receive(m -> {
                byte[] b = new byte[m.remaining()];
                m.get(b);
                got.add(b);
            }, 1 + random.nextInt(3), Duration.ofSeconds(2));
            assertThat(n).as("messages within 2 s").isPositive();
        }
        for (int i = 0; i < sizes.length; i++) {
            assertThat(got.get(i)).as("message %d of %d bytes", i, sizes[i]).isEqualTo(pattern(sizes[i]));
        }
    }

    @Test
    void aClaimedLengthPastTheLimitIsCorruptBeforeAnythingIsAllocated() {
        byte[] header = java.util.Arrays.copyOf(FrameDescriptor.frame(new byte[0]), FrameDescriptor.HEADER_LENGTH);
        ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(FrameDescriptor.LENGTH_OFFSET, -2);
        stream.chunks.add(header);
        assertThatThrownBy(() -> link.receive(m -> { }, 1, Duration.ofSeconds(1)))
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("exceeds the limit");
    }

    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + length);
        }
        return b;
    }
}
