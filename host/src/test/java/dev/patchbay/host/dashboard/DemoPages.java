package dev.patchbay.host.dashboard;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.patchbay.host.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/** {@code patchbay demo --http 0} running in this JVM, and the client to read its dashboard. */
final class DemoPages implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("dashboard (http://127\\.0\\.0\\.1:\\d+/)");

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CompletableFuture<Integer> run;
    final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * Starts the demo with {@code step} between transitions; returns once its dashboard answers. The pages are what
     * is tested, not the health window: a short one (100 ms, as DemoTest) keeps the tour's eight migrations quick.
     */
    DemoPages(Path plugins, String step) {
        run = CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--http", "0", "--step", step, "--health-window", "100ms", "--plugins-dir",
                plugins.toString()));
        await().atMost(Duration.ofSeconds(120)).until(() -> URL.matcher(out.toString()).find() || run.isDone());
        Matcher m = URL.matcher(out.toString());
        if (!m.find()) {
            throw new IllegalStateException("the demo printed no dashboard address:\n" + out + "\n" + err);
        }
        base = URI.create(m.group(1));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    Map<String, Object> state() throws IOException, InterruptedException {
        return JSON.std.mapFrom(get("api/state").body());
    }

    @Override
    public void close() {
        run.cancel(true);
    }
}
