package dev.patchbay.host.channel;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Frames found by fuzzing whose errors said the wrong thing: a frame shorter than its header was reported as an
 * "unknown kind" (with its first byte as the kind), kinds above 127 were printed negative, and a short RESUME named
 * neither the frame nor the channel. And one that hid damage: a DATA number of 2^63 or more, compared as a signed
 * long, looked like a resend from before a fallback and was dropped without a word. A PREPARE naming an address
 * that does not parse ended the channel as a bad address (this side's mistake, exit status 15) rather than as
 * corrupt input from the peer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelFrameDamageTest {
    @TempDir
    Path dir;

    @Test
    void aFrameShorterThanItsHeaderIsReportedAsCutNotAsAnUnknownKind() throws Exception {
        channelMeets(new byte[] {4, 0, 0, 0, 0}, "received a frame of 5 bytes", "shorter than the 9-byte");
    }

    @Test
    void anUnknownKindAbove127IsPrintedAsTheByteOnTheWire() throws Exception {
        channelMeets(new byte[] {(byte) 0xc8, 0, 0, 0, 0, 0, 0, 0, 0}, "unknown kind 200 (9 bytes)");
    }

    @Test
    void aSequenceNumberPast2To63IsFarAheadNotAResentMessageDroppedInSilence() throws Exception {
        byte[] data = {1, -1, -1, -1, -1, -1, -1, -1, -1, 'x'};
        channelMeets(data, "expected message 0 but received 18446744073709551615");
    }

    @Test
    void aResumeTooShortForItsSequenceNumberNamesTheFrameAndTheChannel() throws Exception {
        channelMeets(new byte[] {7, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3}, "RESUME of migration 1 on channel",
                "3 bytes of body, 8 needed");
    }

    @Test
    void aPrepareNamingAnUnreadableAddressIsCorruptInputNotABadAddressOfThisSide() throws Exception {
        byte[] body = "address=fi\u00ffo:x\nmodule=fifo\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] frame = ByteBuffer.allocate(ChannelFrame.HEADER_LENGTH + body.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).put((byte) 2).putLong(1).put(body).array();
        channelMeets(frame, "PREPARE names an address that cannot be read", "invalid scheme");
    }

    private void channelMeets(byte[] frame, String... evidence) throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay a = Patchbay.start(plugins); Patchbay b = Patchbay.start(plugins)) {
            String address = "fifo:damage-" + ProcessHandle.current().pid();
            CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> a.listen(address));
            Address parsed = Address.parse(address);
            try (Link raw = b.transportFor(parsed).transport().connect(parsed, b.options());
                 Channel channel = accepted.get(30, TimeUnit.SECONDS)) {
                raw.send(ByteBuffer.wrap(frame));
                var thrown = assertThatThrownBy(() -> {
                    while (true) {
                        channel.receive((s, m) -> { }, 16, Duration.ofMillis(100));
                    }
                }).isInstanceOf(ChannelException.class).hasMessageContaining(address);
                for (String e : evidence) {
                    thrown.hasMessageContaining(e);
                }
            }
        }
    }
}
