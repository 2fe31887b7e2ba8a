package dev.patchbay.host.control;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every resource a control client can make a host spend is bounded, and running out of fds harms no channel. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ControlSocketBoundsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static SocketChannel connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    private static String firstLine(SocketChannel channel) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return in.readLine();
            } catch (IOException e) {
                return "read failed: " + e;
            }
        }).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aLineOverTheLimitIsAnsweredWithAnErrorBeforeItEnds() throws Exception {
        try (Patchbay host = Patchbay.start(HostConfig.of(PeerHosts.pluginsCopy(dir)).withControl(true));
             SocketChannel client = connect(host.controlSocket().orElseThrow())) {
            // Never ends: an unbounded reader waits for the newline and keeps every byte.
            client.write(ByteBuffer.wrap("x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII)));

            assertThat(firstLine(client)).startsWith("ERR BAD_REQUEST request line longer than "
                    + ControlLimits.DEFAULTS.maxLineBytes() + " bytes");
        }
    }

    @Test
    void manyIdleClientsCostNoThreadsAndTheOnesOverTheLimitAreToldSo() throws Exception {
        int clients = ControlLimits.DEFAULTS.maxConnections() + 36;
        List<SocketChannel> open = new ArrayList<>();
        try (Patchbay host = Patchbay.start(HostConfig.of(PeerHosts.pluginsCopy(dir)).withControl(true))) {
            Path socket = host.controlSocket().orElseThrow();
            try {
                for (int i = 0; i < clients; i++) {
                    open.add(connect(socket));
                }
                assertThat(firstLine(open.get(clients - 1))).startsWith("ERR BUSY busy: "
                        + ControlLimits.DEFAULTS.maxConnections() + " control connections are open already");
                assertThat(controlThreads()).isLessThanOrEqualTo(1 + ControlLimits.DEFAULTS.workers());
            } finally {
                for (SocketChannel c : open) {
                    c.close();
                }
            }
            await().atMost(PATIENCE).ignoreExceptions()
                    .until(() -> ControlClient.call(socket, "channels").isEmpty());
        }
    }

    @Test
    void aClientThatNeverSendsItsLineIsClosedAfterTheIdleTimeout() throws Exception {
        ControlLimits limits = new ControlLimits(4096, 8, 1, 4, Duration.ofMillis(500));
        try (Patchbay host = Patchbay.start(HostConfig.of(PeerHosts.pluginsCopy(dir)));
             ControlServer server = ControlServer.start(host, limits);
             SocketChannel client = connect(server.socket())) {
            client.write(ByteBuffer.wrap("chan".getBytes(StandardCharsets.US_ASCII)));

            assertThat(firstLine(client)).isNull();
            assertThat(ControlClient.call(server.socket(), "channels")).isEmpty();
        }
    }

    @Test
    void runningOutOfFileDescriptorsPausesAcceptingAndLeavesTheChannelAlone() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir);
        try (Patchbay host = Patchbay.start(HostConfig.of(plugins))) {
            Channel channel = PeerHosts.spawnEchoPeer(host, plugins);
            // The spawned peer runs a host with a control socket: starve that host of descriptors.
            long peer = await().atMost(PATIENCE).until(() -> ProcessHandle.current().children()
                    .map(ProcessHandle::pid).filter(pid -> Files.exists(HostDirectory.socketOf(pid)))
                    .findFirst().orElse(-1L), pid -> pid > 0);
            Path socket = HostDirectory.socketOf(peer);
            Traffic traffic = new Traffic(channel, 64, 5_000).start();
            // Measured once the peer is fully up and its channel carries traffic.
            await().atMost(PATIENCE).until(() -> traffic.received() > 1_000);
            // Also answered once: a peer run from class folders opens a file for each class it loads.
            assertThat(ControlClient.call(socket, "channels")).hasSize(1);
            long limit = openFds(peer) + 6;
            Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(peer), "--nofile=" + limit + ":")
                    .redirectErrorStream(true).start();
            assertThat(prlimit.waitFor()).as(new String(prlimit.getInputStream().readAllBytes())).isZero();

            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 30; i++) {
                    clients.add(connect(socket));
                }
                await().atMost(PATIENCE).until(() -> openFds(peer) >= limit - 1);
                long before = traffic.received();
                await().atMost(PATIENCE).until(() -> traffic.received() > before + 1_000);
            } finally {
                for (SocketChannel c : clients) {
                    c.close();
                }
            }
            await().atMost(PATIENCE).ignoreExceptions().until(() -> ControlClient.call(socket, "channels").size() == 1);
            assertThat(channel.isOpen()).isTrue();
            assertThat(traffic.stop().lost(traffic.sent())).isZero();
        }
    }

    private static long openFds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    private static long controlThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("patchbay-control")).count();
    }
}
