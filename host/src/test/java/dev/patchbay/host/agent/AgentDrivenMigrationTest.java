package dev.patchbay.host.agent;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationPhases;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A channel whose applications are not receiving still migrates: the hosts' agents read the control frames and
 * keep the application messages that arrive meanwhile, in order, for the next receive.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentDrivenMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aChannelNobodyReceivesOnMovesAndKeepsEveryMessageInOrder() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay a = Patchbay.start(plugins); Patchbay b = Patchbay.start(plugins)) {
            String address = "fifo:agent-" + ProcessHandle.current().pid();
            CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> a.listen(address));
            Channel peer = b.connect(address);
            Channel channel = accepted.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 100; i++) {
                channel.send(number(i));
                peer.send(number(i));
            }

            MigrationReport report = a.swap(channel.name(), "shm");

            assertThat(report.outcome()).as(report.toString()).isEqualTo(MigrationOutcome.COMMITTED);
            assertThat(channel.transport().transport().scheme()).isEqualTo("shm");
            MigrationPhases phases = report.phases();
            // Open (our accept) and READY (the peer's answer) may come in either order; the rest in this one.
            assertThat(new long[] {Math.max(phases.opened(), phases.ready()), phases.switched(), phases.drained(),
                    phases.committed(), phases.released()}).as(phases.toString()).doesNotContain(0L).isSorted();
            assertThat(phases.opened()).as(phases.toString()).isPositive();
            assertThat(phases.ready()).as(phases.toString()).isPositive();
            assertThat(report.toString()).contains("open ").contains("drain ").contains("release ");
            for (int i = 100; i < 200; i++) {
                channel.send(number(i));
                peer.send(number(i));
            }
            assertThat(drain(peer, 200)).as("what the listener sent, at the connector").isEqualTo(expected(200));
            assertThat(drain(channel, 200)).as("what the connector sent, at the listener").isEqualTo(expected(200));
            assertThat(peer.transport().transport().scheme()).isEqualTo("shm");
        }
    }

    private static ByteBuffer number(int i) {
        return ByteBuffer.allocate(4).putInt(0, i);
    }

    private static List<Integer> expected(int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    private static List<Integer> drain(Channel channel, int n) {
        List<Integer> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            channel.receive((s, m) -> got.add(m.order(java.nio.ByteOrder.BIG_ENDIAN).getInt(m.position())), 64,
                    Duration.ofMillis(100));
            return got.size() >= n;
        });
        return got;
    }
}
