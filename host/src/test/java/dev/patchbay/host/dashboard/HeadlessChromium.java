package dev.patchbay.host.dashboard;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A page open in headless Chromium, read through the DevTools protocol while it stays open: {@code --dump-dom}
 * would wait for the page's event stream to end, which for a live dashboard is when the host ends.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://[^/\\s]+)/");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Process process;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Map<String, Object>>> replies = new ConcurrentHashMap<>();

    /** The browser binary, if this machine has one. */
    static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "chromium");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    HeadlessChromium(Path chromium, URI page, Path profile) throws IOException, InterruptedException {
        Path log = profile.resolve("chromium.log");
        Files.createDirectories(profile);
        process = new ProcessBuilder(chromium.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile.resolve("profile"), "--window-size=1100,1000", page.toString())
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        try {
            socket = connect(log);
        } catch (RuntimeException | IOException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private WebSocket connect(Path log) throws IOException {
        await().atMost(PATIENCE).until(() -> DEVTOOLS.matcher(Files.readString(log)).find() || !process.isAlive());
        Matcher m = DEVTOOLS.matcher(Files.readString(log));
        if (!m.find()) {
            throw new IllegalStateException("chromium did not start:\n" + Files.readString(log));
        }
        URI list = URI.create(m.group(1).replaceFirst("^ws", "http") + "/json/list");
        HttpClient client = HttpClient.newHttpClient();
        String target = await().atMost(PATIENCE).ignoreExceptions().until(() -> pageSocket(client, list),
                u -> u != null);
        return client.newWebSocketBuilder().buildAsync(URI.create(target), new Replies()).join();
    }

    private static String pageSocket(HttpClient client, URI list) throws IOException, InterruptedException {
        String body = client.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (Object o : JSON.std.listFrom(body)) {
            Map<?, ?> t = (Map<?, ?>) o;
            if ("page".equals(t.get("type"))) {
                return (String) t.get("webSocketDebuggerUrl");
            }
        }
        return null;
    }

    /**
     * The value of a JavaScript expression in the page, as the page has it now.
     *
     * @throws IllegalStateException if it threw (as it may while the page is still loading)
     */
    Object evaluate(String expression) throws Exception {
        Map<String, Object> result = call("Runtime.evaluate", Map.of("expression", expression,
                "returnByValue", true));
        if (result.containsKey("exceptionDetails")) {
            throw new IllegalStateException(expression + ": " + result.get("exceptionDetails"));
        }
        return ((Map<?, ?>) result.get("result")).get("value");
    }

    /** What the page looks like now, as a PNG. */
    void screenshot(Path png) throws Exception {
        Map<String, Object> result = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(png, Base64.getDecoder().decode((String) result.get("data")));
    }

    private Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        replies.put(id, reply);
        socket.sendText(JSON.std.asString(Map.of("id", id, "method", method, "params", params)), true).join();
        Map<String, Object> message = reply.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        if (message.containsKey("error")) {
            throw new IllegalStateException(method + ": " + message.get("error"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) message.get("result");
        return result;
    }

    /** Gathers frames into messages and hands each reply to whoever waits for its id. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    Map<String, Object> message = JSON.std.mapFrom(partial.toString());
                    Object id = message.get("id");
                    if (id instanceof Number n) {
                        CompletableFuture<Map<String, Object>> reply = replies.remove(n.longValue());
                        if (reply != null) {
                            reply.complete(message);
                        }
                    }
                } catch (IOException e) {
                    replies.values().forEach(r -> r.completeExceptionally(e));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        socket.abort();
        // Chromium's helpers (zygote, renderer, GPU) outlive a killed browser process for a moment and keep writing
        // into the profile, which then cannot be deleted: kill and wait for all of them.
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // Reported by the temporary folder's clean-up, if it matters.
            }
        }
    }
}
