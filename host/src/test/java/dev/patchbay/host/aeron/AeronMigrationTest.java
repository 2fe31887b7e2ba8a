package dev.patchbay.host.aeron;

import dev.patchbay.api.Address;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.demo.PeerLauncher;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.demo.TrafficCheck;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.host.testing.VethPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A channel leaves the machine and comes back: from shared memory to Aeron UDP and back, again and again, under
 * traffic in both directions, between this host and an echoing peer in a network namespace of its own (a veth pair
 * between them, as between two machines; loopback where no namespace can be made). Shared memory still works
 * between the two, since a network namespace separates only the network. Nothing may be lost, repeated or
 * reordered; with netem loss and delay on the pair (where the kernel has it) neither.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AeronMigrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(AeronMigrationTest.class);
    private static final MigrationOptions QUICK = MigrationOptions.DEFAULTS.withHealthWindow(Duration.ofMillis(200))
            .withStepTimeout(Duration.ofSeconds(60));

    @TempDir
    Path dir;

    @Test
    void movesBetweenSharedMemoryAndAeronUdpAcrossTwoNamespacesLosingNothing() throws Exception {
        assumeTrue(Object.class.getModule().isExported("jdk.internal.misc", getClass().getModule()),
                "Aeron needs --add-exports java.base/jdk.internal.misc=ALL-UNNAMED, which the host pom gives its"
                        + " tests");
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        List<String> whyNot = new ArrayList<>();
        Optional<VethPair> pair = VethPair.create(whyNot);
        if (pair.isEmpty()) {
            LOG.warn("no network namespace here ({}): falling back to loopback, one network for both", whyNot);
        }
        try (Patchbay host = Patchbay.start(HostConfig.of(plugins).withMigrationOptions(QUICK))) {
            Channel channel = host.listen(peerAddress(host, plugins, pair).toString());
            String aeron = aeronAddress(pair);
            Traffic traffic = new Traffic(channel, 64, 20_000).start();
            try {
                migrate(host, channel, "shm", traffic);
                for (int round = 0; round < 3; round++) {
                    migrate(host, channel, aeron, traffic);
                    migrate(host, channel, "shm", traffic);
                }
                List<String> noNetem = new ArrayList<>();
                if (pair.isPresent() && pair.get().impair("5%", "5ms", noNetem)) {
                    migrate(host, channel, aeron, traffic);
                    long before = traffic.received();
                    await().atMost(Duration.ofSeconds(30)).until(() -> traffic.received() > before + 20_000);
                    migrate(host, channel, "shm", traffic);
                } else {
                    LOG.warn("no loss or delay on the pair: {}", pair.isEmpty() ? "no pair" : noNetem);
                }
            } finally {
                TrafficCheck check = traffic.stop();
                assertThat(traffic.failure()).isNull();
                assertThat(traffic.sent()).isGreaterThan(10_000);
                assertThat(check.lost(traffic.sent())).as("lost").isZero();
                assertThat(check.duplicated()).as("duplicated").isZero();
                assertThat(check.reordered()).as("reordered").isZero();
            }
        } finally {
            pair.ifPresent(VethPair::close);
        }
    }

    private static void migrate(Patchbay host, Channel channel, String target, Traffic traffic) {
        long before = traffic.received();
        MigrationReport report = host.swap(channel.name(), target);
        assertThat(report.outcome()).as(report.toString()).isEqualTo(MigrationOutcome.COMMITTED);
        assertThat(channel.transport().transport().scheme()).isEqualTo(target.split(":")[0]);
        // Traffic flows on the new link before the next move.
        await().atMost(Duration.ofSeconds(30)).until(() -> traffic.failure() != null
                || traffic.received() > before + 2_000);
        assertThat(traffic.failure()).isNull();
    }

    /** The echo peer, run in the pair's namespace when there is one. */
    private static Address peerAddress(Patchbay host, Path plugins, Optional<VethPair> pair) {
        Address plain = PeerLauncher.echoPeer(host, plugins);
        if (pair.isEmpty()) {
            return plain;
        }
        String line = plain.param("exec").orElseThrow();
        return Address.of("pipe", "child", Map.of("exec", pair.get().inNamespace(line)));
    }

    /** This host receives on its end of the pair, the peer on its own; loopback ports without a pair. */
    private static String aeronAddress(Optional<VethPair> pair) throws Exception {
        int[] ports = freePorts();
        String here = pair.map(VethPair::hostAddress).orElse("127.0.0.1");
        String there = pair.map(VethPair::peerAddress).orElse("127.0.0.1");
        return "aeron:udp?endpoint=" + here + ":" + ports[0] + "&control=" + there + ":" + ports[1];
    }

    private static int[] freePorts() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(loopback, 0));
             DatagramSocket b = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }
}
