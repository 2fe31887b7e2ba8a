package dev.patchbay.transport.fifo;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.RuntimeFolders;
import dev.patchbay.api.testkit.Fuzz;
import dev.patchbay.kit.stream.FrameDescriptor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated byte sequences written into a real fifo and read by the real listener's link. Every input is
 * judged against docs/PROTOCOL.md read literally (an independent parser below): the link must hand out exactly the
 * frames that are whole and valid, then end the way the bytes say — a clean end, a cut inside a frame, or a corrupt
 * frame — within a deadline, without allocating past the limit, and with no exception outside PatchbayException.
 */
class StreamFrameFuzzTest {
    private static final Duration PER_INPUT = Duration.ofSeconds(20);
    private static final int SMALL_LIMIT = 4096;
    /** Past the 1 MiB the read buffer grows to, so that a frame read into its own buffer is fuzzed too. */
    private static final int LARGE_LIMIT = 2 << 20;
    private final FifoTransport transport = new FifoTransport();
    private final Path dir = RuntimeFolders.folder("fifo");

    enum End { CLEAN, CUT, CORRUPT }

    record Expected(List<byte[]> messages, End end) {
    }

    @Test
    void everyInputEndsAsTheProtocolSays() {
        Fuzz.run(150, PER_INPUT, (fuzz, replay) -> {
            int limit = fuzz.random().nextInt(5) == 0 ? LARGE_LIMIT : SMALL_LIMIT;
            byte[] input = input(fuzz, limit);
            feed(input, limit, replay + input.length + " bytes, limit " + limit + ": ");
        });
    }

    private byte[] input(Fuzz fuzz, int limit) {
        ByteArrayOutputStream valid = new ByteArrayOutputStream();
        int frames = fuzz.between(0, 4);
        for (int f = 0; f < frames; f++) {
            int size = limit == LARGE_LIMIT && fuzz.random().nextInt(4) == 0
                    ? fuzz.between((1 << 20) - 64, LARGE_LIMIT) : fuzz.between(0, 300);
            valid.writeBytes(FrameDescriptor.frame(fuzz.bytes(size)));
        }
        return switch (fuzz.random().nextInt(10)) {
            case 0 -> fuzz.bytes(fuzz.between(0, 64));
            case 1, 2 -> valid.toByteArray();
            case 3 -> {
                // A header that claims far more than the limit, with nothing behind it.
                ByteBuffer header = ByteBuffer.allocate(FrameDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
                FrameDescriptor.putHeader(header, limit + fuzz.between(1, Integer.MAX_VALUE - limit), 0);
                valid.writeBytes(header.array());
                yield valid.toByteArray();
            }
            default -> fuzz.mutate(valid.toByteArray());
        };
    }

    private void feed(byte[] input, int limit, String replay) throws Exception {
        String name = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        LinkOptions options = LinkOptions.DEFAULTS.withMaxMessageSize(limit);
        Expected expected = parse(input, limit);
        try (Acceptor acceptor = transport.listen(Address.parse("fifo:" + name), options)) {
            CompletableFuture<FileChannel> peer = CompletableFuture.supplyAsync(() -> rawPeer(name, input));
            Link link = acceptor.accept(Duration.ofSeconds(5));
            FileChannel s2c = peer.get(5, TimeUnit.SECONDS);
            try (link; s2c) {
                List<byte[]> got = new ArrayList<>();
                PatchbayException end = null;
                while (end == null) {
                    try {
                        link.receive(m -> got.add(bytes(m)), 16, Duration.ofMillis(200));
                    } catch (PatchbayException e) {
                        end = e;
                    }
                }
                assertThat(got).as(replay + "messages handed out").hasSize(expected.messages().size());
                for (int m = 0; m < got.size(); m++) {
                    assertThat(got.get(m)).as(replay + "message " + m).isEqualTo(expected.messages().get(m));
                }
                switch (expected.end()) {
                    case CLEAN -> assertThat(end).as(replay + "end").isInstanceOf(PeerClosedException.class)
                            .message().doesNotContain("middle");
                    case CUT -> assertThat(end).as(replay + "end").isInstanceOf(PeerClosedException.class)
                            .hasMessageContaining("in the middle of a message");
                    case CORRUPT -> assertThat(end).as(replay + "end").isInstanceOf(CorruptFrameException.class)
                            .hasMessageContaining("fifo:" + name);
                }
                assertThat(link.isOpen()).as(replay + "link open after its end").isFalse();
            }
        }
    }

    /** Opens the listener's fifos as a peer would, writes the input on another thread and closes its end. */
    private FileChannel rawPeer(String name, byte[] input) {
        try {
            FileChannel c2s = FileChannel.open(dir.resolve(name + ".c2s"), StandardOpenOption.WRITE);
            FileChannel s2c = FileChannel.open(dir.resolve(name + ".s2c"), StandardOpenOption.READ);
            // A fifo holds 64 KiB: the reader must be running before a large input is all written.
            Thread writer = new Thread(() -> {
                try (c2s) {
                    ByteBuffer b = ByteBuffer.wrap(input);
                    while (b.hasRemaining()) {
                        c2s.write(b);
                    }
                } catch (Exception e) {
                    // The listener closed on a corrupt frame before reading everything: a broken pipe is expected.
                }
            }, "fuzz-writer");
            writer.setDaemon(true);
            writer.start();
            return s2c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(ByteBuffer m) {
        byte[] b = new byte[m.remaining()];
        m.get(b);
        return b;
    }

    /** docs/PROTOCOL.md "Stream framing", read literally: what a correct reader makes of {@code input}. */
    static Expected parse(byte[] input, int limit) {
        List<byte[]> messages = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        while (true) {
            int left = in.remaining();
            if (left == 0) {
                return new Expected(messages, End.CLEAN);
            }
            if (left < FrameDescriptor.HEADER_LENGTH) {
                return new Expected(messages, End.CUT);
            }
            int at = in.position();
            long length = Integer.toUnsignedLong(in.getInt(at + 4));
            if (input[at] != 'P' || input[at + 1] != 'B' || input[at + 2] != 1 || length > limit) {
                return new Expected(messages, End.CORRUPT);
            }
            if (left < FrameDescriptor.HEADER_LENGTH + length) {
                return new Expected(messages, End.CUT);
            }
            CRC32C crc = new CRC32C();
            crc.update(input, at + 4, 4);
            crc.update(input, at + FrameDescriptor.HEADER_LENGTH, (int) length);
            if ((int) crc.getValue() != in.getInt(at + 8)) {
                return new Expected(messages, End.CORRUPT);
            }
            messages.add(Arrays.copyOfRange(input, at + FrameDescriptor.HEADER_LENGTH,
                    at + FrameDescriptor.HEADER_LENGTH + (int) length));
            in.position(at + FrameDescriptor.HEADER_LENGTH + (int) length);
        }
    }
}
