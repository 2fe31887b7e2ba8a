package dev.patchbay.host.channel;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each side says its channel protocol version first; a version the other does not speak ends the channel, named. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelVersionTest {
    @TempDir
    Path dir;

    @Test
    void bothSidesLearnThePeersVersion() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay a = Patchbay.start(plugins); Patchbay b = Patchbay.start(plugins)) {
            ChannelPair pair = ChannelPair.open(a, b, "fifo:hello-" + ProcessHandle.current().pid());
            pair.connector().send(ByteBuffer.wrap(new byte[] {1}));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    pair.listener().receive((s, m) -> { }, 16, Duration.ofMillis(100)) == 1);
            assertThat(pair.listener().peerProtocol()).isEqualTo("2.0");
        }
    }

    @Test
    void aPeerSpeakingAnotherMajorVersionIsRefusedNamingBothVersions() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay a = Patchbay.start(plugins); Patchbay b = Patchbay.start(plugins)) {
            String address = "fifo:hello3-" + ProcessHandle.current().pid();
            CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> a.listen(address));
            Address parsed = Address.parse(address);
            try (Link raw = b.transportFor(parsed).transport().connect(parsed, b.options())) {
                Channel channel = accepted.get(30, TimeUnit.SECONDS);
                raw.send(frame(ChannelFrame.Kind.HELLO, "protocol=3.1\ncapabilities=migrate,teleport\n"));

                assertThatThrownBy(() -> {
                    while (true) {
                        channel.receive((s, m) -> { }, 16, Duration.ofMillis(100));
                    }
                }).isInstanceOf(ChannelException.class).hasMessageContaining("3.1").hasMessageContaining("2.0");
                assertThat(channel.isOpen()).isFalse();

                List<String> frames = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    raw.receive(f -> frames.add(f.get(f.position()) + ":" + f.order(ByteOrder.LITTLE_ENDIAN)
                            .getLong(f.position() + 1) + ":" + StandardCharsets.UTF_8.decode(
                            f.position(f.position() + ChannelFrame.HEADER_LENGTH))), 16, Duration.ofMillis(100));
                    return frames.size() >= 2;
                });
                assertThat(frames.get(0)).startsWith("9:0:protocol=2.0");
                assertThat(frames.get(1)).startsWith("4:0:").contains("3.1").contains("2.0");
            }
        }
    }

    private static ByteBuffer frame(ChannelFrame.Kind kind, String body) {
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(ChannelFrame.HEADER_LENGTH + text.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        ChannelFrame.putHeader(frame, kind, 0);
        return frame.put(text).flip();
    }
}
