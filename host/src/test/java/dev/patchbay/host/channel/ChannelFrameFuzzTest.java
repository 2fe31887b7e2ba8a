package dev.patchbay.host.channel;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.testkit.Fuzz;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.ChannelFrame.Kind;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random, mutated and out-of-place channel frames (HELLO, PREPARE, RESUME, SWITCH and the rest, unknown kinds,
 * headers cut short) sent by a raw link on a real fifo to a real channel. The channel must end every input with a
 * PatchbayException within a deadline; when the input holds a frame no correct peer sends (an unknown kind, a cut
 * header, a sequence number ahead of the next), the end must name that damage, not look like the peer closing.
 */
class ChannelFrameFuzzTest {
    private static final Duration PER_INPUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void everyInputEndsTheChannelWithADocumentedError() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        int[] count = {0};
        try (Patchbay a = Patchbay.start(plugins); Patchbay b = Patchbay.start(plugins)) {
            Address any = Address.parse("fifo:x");
            // The very generation host a runs, so that a PREPARE naming it is taken and the channel connects.
            ModuleSpec fifo = ModuleSpec.of(a.transportFor(any).module());
            Fuzz.run(60, PER_INPUT, (fuzz, replay) -> {
                String address = "fifo:cfuzz-" + ProcessHandle.current().pid() + "-" + count[0]++;
                List<byte[]> frames = frames(fuzz, address + "-new", fifo);
                feed(a, b, address, frames, replay + describe(frames) + ": ");
            });
        }
    }

    /**
     * Sends the frames while the channel receives on another thread; a PREPARE finds a real listener at the address
     * it names, so that what follows it (SWITCH, RESUME, COMMIT, damage) meets a channel that holds a new link.
     */
    private static void feed(Patchbay a, Patchbay b, String address, List<byte[]> frames, String replay)
            throws Exception {
        CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> a.listen(address));
        Address parsed = Address.parse(address);
        Address next = Address.parse(address + "-new");
        Link raw = b.transportFor(parsed).transport().connect(parsed, b.options());
        try (Channel channel = accepted.get(10, TimeUnit.SECONDS);
             Acceptor acceptor = b.transportFor(next).transport().listen(next, b.options())) {
            CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> {
                while (true) {
                    try {
                        channel.receive((s, m) -> { }, 16, Duration.ofMillis(100));
                    } catch (Throwable t) {
                        return t;
                    }
                }
            });
            Link newLink = null;
            try (raw) {
                for (byte[] frame : frames) {
                    raw.send(ByteBuffer.wrap(frame));
                    if (newLink == null && frame.length > 0 && frame[0] == Kind.PREPARE.code()) {
                        newLink = acceptNewLink(acceptor);
                    }
                }
            } catch (PatchbayException e) {
                // The channel ended on an earlier frame and closed the link: what it reported is judged below.
            } finally {
                if (newLink != null) {
                    newLink.close();
                }
            }
            Throwable end = ended.get(PER_INPUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(end).as(replay + "how the channel ended").isInstanceOf(PatchbayException.class);
            if (firstDamage(frames) >= 0) {
                assertThat(end).as(replay + "damage at frame " + firstDamage(frames) + " reported as")
                        .isNotInstanceOf(PeerClosedException.class).isNotInstanceOf(LinkClosedException.class);
            }
            assertThat(channel.isOpen()).as(replay + "channel open after its end").isFalse();
        }
    }

    /** The channel's side of the new link if it connects in time; null if it refused or another PREPARE failed. */
    private static Link acceptNewLink(Acceptor acceptor) {
        try {
            // Not shorter: the host gives up on an accept that overran its timeout by a second and a fifth and marks
            // the generation FAILED, and on loaded cores a 500 ms accept once did.
            return acceptor.accept(Duration.ofSeconds(2));
        } catch (PatchbayException e) {
            return null;
        }
    }

    private static List<byte[]> frames(Fuzz fuzz, String newAddress, ModuleSpec module) {
        List<byte[]> frames = new ArrayList<>();
        long nextData = 0;
        if (fuzz.random().nextInt(5) > 0) {
            frames.add(frame(Kind.HELLO.code(), 0, "protocol=2.0\ncapabilities=migrate\n"));
        }
        int count = fuzz.between(1, 6);
        for (int f = 0; f < count; f++) {
            long migration = fuzz.between(0, 3);
            byte[] frame = switch (fuzz.random().nextInt(12)) {
                case 0, 1 -> frame(Kind.DATA.code(), nextData++, new String(fuzz.bytes(fuzz.between(0, 40)),
                        StandardCharsets.ISO_8859_1));
                case 2 -> frame(Kind.DATA.code(), nextData + fuzz.between(-2, 3), "x");
                case 3 -> frame(Kind.PREPARE.code(), migration, "address=" + newAddress + "\nmodule=" + module.id()
                        + "\nversion=" + module.version() + "\nsha256=" + module.sha256() + "\n");
                case 4 -> frame(Kind.RESUME.code(), migration, sequence(fuzz.between(-1, 4)) + "fell back");
                case 5 -> frame(Kind.SWITCH.code(), migration, sequence(fuzz.between(0, 4)));
                case 6 -> frame(Kind.HELLO.code(), 0, "protocol=" + fuzz.between(1, 3) + "." + fuzz.between(0, 9)
                        + "\ncapabilities=migrate\n");
                case 7 -> frame((byte) (fuzz.random().nextBoolean() ? 0 : fuzz.between(10, 255)), migration, "?");
                case 8 -> fuzz.bytes(fuzz.between(0, ChannelFrame.HEADER_LENGTH - 1));
                case 9 -> frame(Kind.REFUSE.code(), migration, "no");
                case 10 -> frame((byte) fuzz.between(Kind.READY.code(), Kind.COMMIT.code()), migration, "");
                default -> frame(Kind.ABORT.code(), migration, "gave up");
            };
            frames.add(fuzz.random().nextInt(3) == 0 ? fuzz.mutate(frame) : frame);
        }
        return frames;
    }

    /**
     * The first frame no correct peer sends, whatever came before it: a cut header, an unknown kind, or DATA ahead
     * of the next sequence number (DATA behind it is a resend, dropped by design). -1 if none.
     */
    static int firstDamage(List<byte[]> frames) {
        long nextData = 0;
        for (int f = 0; f < frames.size(); f++) {
            byte[] frame = frames.get(f);
            if (frame.length < ChannelFrame.HEADER_LENGTH || Kind.of(frame[0]) == null) {
                return f;
            }
            if (Kind.of(frame[0]) == Kind.HELLO && new String(frame, StandardCharsets.ISO_8859_1)
                    .startsWith("protocol=2.", ChannelFrame.HEADER_LENGTH)) {
                continue;
            }
            if (Kind.of(frame[0]) == Kind.DATA) {
                long number = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getLong(1);
                if (Long.compareUnsigned(number, nextData) > 0) {
                    return f;
                }
                if (number == nextData) {
                    nextData++;
                }
            } else {
                // A control frame may end the channel, or change what comes next: judge only what precedes it.
                return -1;
            }
        }
        return -1;
    }

    private static String sequence(long value) {
        byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] frame(byte kind, long number, String body) {
        byte[] text = body.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(ChannelFrame.HEADER_LENGTH + text.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(kind).putLong(number).put(text).array();
    }

    private static String describe(List<byte[]> frames) {
        StringBuilder s = new StringBuilder("frames");
        for (byte[] f : frames) {
            s.append(' ').append(f.length == 0 ? "[]" : f[0]).append('/').append(f.length);
        }
        return s.toString();
    }
}
