package dev.patchbay.host.cli;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.control.ControlClient;
import dev.patchbay.host.control.HostDirectory;
import dev.patchbay.host.demo.PeerLauncher;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A {@code patchbay listen} terminal tells what happens to its channel and ends when the peer goes. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ListenSessionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void printsASwapOnStderrAndExitsWhenThePeerCloses() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        String address = "fifo:listen-session-" + ProcessHandle.current().pid();
        Path stderr = dir.resolve("stderr.txt");
        // stdin stays open: the listener must end because the peer closed, not because its input ended.
        Process listen = new ProcessBuilder(PeerLauncher.command(plugins, "listen", address, "--no-watch",
                "--timeout", "60s"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        try (Patchbay host = Patchbay.start(HostConfig.of(plugins))) {
            Channel channel = host.connect(address + "?openTimeout=60s");
            Traffic traffic = new Traffic(channel, 64, 1_000).start();

            // connect() may return before the listening process has registered its end of the channel.
            Path socket = HostDirectory.socketOf(listen.pid());
            await().atMost(PATIENCE).ignoreExceptions().until(() -> ControlClient.call(socket, "channels").size() == 1);
            var rows = ControlClient.call(socket, "swap c1 shm");
            assertThat(rows).hasSize(1);
            await().atMost(PATIENCE).until(() -> Files.readString(stderr).contains("patchbay: c1 moved: " + address));

            traffic.stop();
            channel.close();
            assertThat(listen.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as(Files.readString(stderr)).isTrue();
            assertThat(listen.exitValue()).isZero();
            assertThat(Files.readString(stderr)).contains("patchbay: the peer closed the channel")
                    .doesNotContain("Exception");
        } finally {
            listen.destroyForcibly();
            listen.getOutputStream().close();
        }
    }
}
