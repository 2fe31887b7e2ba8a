package dev.patchbay.host;

import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A host that opens and closes channels all day does not grow: its per-channel state goes with the channel. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelBookkeepingTest {
    @TempDir
    Path dir;

    @Test
    void perChannelStateIsRemovedWhenChannelsClose() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay a = Patchbay.start(plugins); Patchbay b = Patchbay.start(plugins)) {
            for (int i = 0; i < 20; i++) {
                String address = "fifo:book-" + ProcessHandle.current().pid() + "-" + i;
                CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> a.listen(address));
                Channel connector = b.connect(address);
                Channel listener = accepted.get(30, TimeUnit.SECONDS);
                assertThat(a.trackedChannels()).isEqualTo(1);
                assertThat(a.initiates(listener)).isTrue();
                listener.close();
                connector.close();
            }
            assertThat(a.trackedChannels()).isZero();
            assertThat(b.trackedChannels()).isZero();
        }
    }
}
