package dev.patchbay.host.dashboard;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.patchbay.host.Patchbay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A live page for a running host: {@code /} the page, {@code /api/state} the state as JSON, {@code /events} the same
 * state pushed as Server-Sent Events twice a second, {@code /metrics} counters and the pause histogram for
 * Prometheus. It hears the host's migrations from the moment it starts.
 *
 * <p>The JDK's own HTTP server: a few readers on one machine need nothing more, and nothing is added to the class
 * path of every program that embeds the host.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final Duration PUSH_EVERY = Duration.ofMillis(500);
    /** Open event streams each hold a thread: a few browser tabs, not a crowd. */
    private static final int THREADS = 8;
    private static final String PAGE = "dashboard.html";

    private final Patchbay host;
    private final String title;
    private final HostActivity activity = new HostActivity(System.nanoTime());
    private final ChannelRates rates = new ChannelRates();
    private final Map<String, Supplier<?>> sections = new ConcurrentHashMap<>();
    private final byte[] page;
    private HttpServer server;
    private ExecutorService threads;
    private volatile boolean closed;

    private Dashboard(Patchbay host, String title, byte[] page) {
        this.host = host;
        this.title = title;
        this.page = page;
    }

    /**
     * Serves the dashboard of {@code host} at {@code at}; {@code title} heads the page ("demo", "pool").
     *
     * @throws DashboardException if the address cannot be had (the port is in use, the address is not this
     *                            machine's)
     */
    public static Dashboard start(Patchbay host, DashboardAddress at, String title) {
        Dashboard dashboard = new Dashboard(host, title, readPage());
        host.addListener(dashboard.activity);
        dashboard.listen(at);
        return dashboard;
    }

    private static byte[] readPage() {
        try (InputStream in = Dashboard.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void listen(DashboardAddress at) {
        String where = DashboardAddress.hostPort(at.host(), at.port());
        try {
            server = HttpServer.create(at.socketAddress(), 16);
        } catch (BindException e) {
            throw new DashboardException("cannot serve the dashboard on " + where + ": " + (at.port() == 0
                    ? e.getMessage() : "the port is in use (or the address is not this machine's); pick another"
                    + " port, or --http 0 for any free one"));
        } catch (IOException e) {
            throw new DashboardException("cannot serve the dashboard on " + where + ": " + e.getMessage());
        }
        AtomicInteger numbers = new AtomicInteger();
        threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "dashboard-" + numbers.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::page);
        server.createContext("/api/state", this::json);
        server.createContext("/events", this::events);
        server.createContext("/metrics", this::metrics);
        server.start();
        LOG.debug("dashboard on {}", url());
    }

    /**
     * Adds a section to the state under {@code key}, taken from {@code section} on every read: the demo's totals
     * ({@code totals}: lost, duplicated, reordered), the pool's workers ({@code pool}).
     */
    public Dashboard with(String key, Supplier<?> section) {
        sections.put(key, section);
        return this;
    }

    /** A line on the timeline for something the host's channels do not tell (a worker killed, a patch refused). */
    public void note(String what, String text) {
        activity.note(what, text);
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public String url() {
        return "http://" + DashboardAddress.hostPort(server.getAddress().getAddress(), server.getAddress().getPort())
                + "/";
    }

    /** What the page shows now, as the JSON API serves it. */
    public Map<String, Object> state() {
        Map<String, Object> extra = new LinkedHashMap<>();
        sections.forEach((key, section) -> extra.put(key, section.get()));
        return HostState.of(host, title, activity, rates, extra);
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, "text/html; charset=utf-8", page);
        }
    }

    private void json(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(exchange, 200, "application/json", stateJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(exchange, 200, PrometheusText.CONTENT_TYPE,
                    PrometheusText.of(host, activity).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void events(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            while (!closed) {
                body.write(("data: " + stateJson() + "\n\n").getBytes(StandardCharsets.UTF_8));
                body.flush();
                Thread.sleep(PUSH_EVERY.toMillis());
            }
        } catch (IOException e) {
            // The browser went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String stateJson() {
        try {
            return JSON.std.asString(state());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
