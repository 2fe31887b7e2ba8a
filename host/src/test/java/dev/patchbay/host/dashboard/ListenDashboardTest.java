package dev.patchbay.host.dashboard;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.demo.PeerLauncher;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code patchbay listen ADDRESS --http 0}: the page and the JSON state answer while the listener chats. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ListenDashboardTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern URL = Pattern.compile("dashboard (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;

    @Test
    void servesThePageAndTheChannelItListensOn() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        String address = "fifo:listen-dashboard-" + ProcessHandle.current().pid();
        Path stderr = dir.resolve("stderr.txt");
        Process listen = new ProcessBuilder(PeerLauncher.command(plugins, "listen", address, "--no-watch",
                "--timeout", "60s", "--http", "0"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (Patchbay host = Patchbay.start(HostConfig.of(plugins))) {
            await().atMost(PATIENCE).until(() -> URL.matcher(Files.readString(stderr)).find() || !listen.isAlive());
            Matcher m = URL.matcher(Files.readString(stderr));
            assertThat(m.find()).as(Files.readString(stderr)).isTrue();
            URI base = URI.create(m.group(1));

            HttpResponse<String> page = http.send(HttpRequest.newBuilder(base).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("new EventSource('/events')");

            Channel channel = host.connect(address + "?openTimeout=60s");
            Traffic traffic = new Traffic(channel, 64, 1_000).start();
            // The listener counts what it receives; its own echo is what ChatSession prints, not sends back.
            await().atMost(PATIENCE).until(() -> {
                Map<String, Object> state = JSON.std.mapFrom(http.send(
                        HttpRequest.newBuilder(base.resolve("api/state")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                List<?> channels = (List<?>) state.get("channels");
                return channels.size() == 1 && ((Number) ((Map<?, ?>) channels.get(0)).get("messagesIn"))
                        .longValue() > 0;
            });
            Map<String, Object> state = JSON.std.mapFrom(http.send(
                    HttpRequest.newBuilder(base.resolve("api/state")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(state).containsEntry("title", "listen " + address);
            Map<?, ?> row = (Map<?, ?>) ((List<?>) state.get("channels")).get(0);
            assertThat(row.get("backend")).isEqualTo("fifo");
            assertThat(row.get("module")).isEqualTo("fifo@1.0.0");
            assertThat((List<?>) state.get("modules")).anySatisfy(module -> {
                assertThat(((Map<?, ?>) module).get("label")).isEqualTo("fifo@1.0.0");
                assertThat(((Map<?, ?>) module).get("channels")).isEqualTo(List.of(row.get("name")));
            });

            traffic.stop();
            channel.close();
            assertThat(listen.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as(Files.readString(stderr)).isTrue();
            assertThat(listen.exitValue()).isZero();
        } finally {
            listen.destroyForcibly();
            listen.getOutputStream().close();
        }
    }
}
