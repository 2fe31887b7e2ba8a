package dev.patchbay.host.pool;

import dev.patchbay.host.cli.Main;
import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code patchbay pool --http 0}: the page, the JSON state and the event stream, served while a real pool runs. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PoolDashboardTest {
    private static final Pattern URL = Pattern.compile("dashboard (http://127\\.0\\.0\\.1:\\d+/)");

    @Test
    void servesThePageTheStateAndLiveEventsWhileThePoolRuns() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(out, true),
                new PrintWriter(err, true), "pool", "--workers", "2", "--tasks", "30000", "--rate", "3000",
                "--http", "0", "--plugins-dir", PluginJars.distPlugins().toString()));

        await().atMost(Duration.ofSeconds(120)).until(() -> URL.matcher(out.toString()).find()
                && out.toString().contains("worker 1 ") && out.toString().contains("worker 2 "));
        Matcher m = URL.matcher(out.toString());
        assertThat(m.find()).isTrue();
        URI base = URI.create(m.group(1));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(base).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("new EventSource('/events')");

        HttpResponse<String> state = http.send(HttpRequest.newBuilder(base.resolve("api/state")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(state.body())
                .containsPattern("\"workers\":\\[\\{\"number\":\\d+,\"pid\":\\d+,\"module\":\"pipe@1.0.0\"")
                .contains("\"label\":\"pipe@1.0.0\"").contains("\"timeline\":[");

        HttpResponse<java.io.InputStream> events = http.send(HttpRequest.newBuilder(base.resolve("events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(),
                StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            lines.readLine();
            String second = lines.readLine();
            assertThat(first).startsWith("data: {\"title\":\"pool\"");
            assertThat(second).startsWith("data: {\"title\":\"pool\"").isNotEqualTo(first);
        }

        assertThat(run.get(240, TimeUnit.SECONDS)).as("pool output:\n%s\n%s", out, err).isZero();
        assertThat(out.toString()).contains("lost = 0  duplicated = 0");
    }
}
