package dev.patchbay.host.pool;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A live page for a running pool on the loopback interface only: {@code /} the page, {@code /api/state} the state as
 * JSON, {@code /events} the same state pushed as Server-Sent Events every half second. The JDK's own HTTP server:
 * nothing to add to the class path.
 */
public final class PoolDashboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PoolDashboard.class);
    private static final Duration PUSH_EVERY = Duration.ofMillis(500);
    /** Open event streams each hold a thread: a few browser tabs, not a crowd. */
    private static final int THREADS = 8;
    private static final String PAGE = "dashboard.html";

    private final HttpServer server;
    private final ExecutorService threads;
    private final Supplier<Map<String, Object>> state;
    private final byte[] page;
    private volatile boolean closed;

    private PoolDashboard(HttpServer server, ExecutorService threads, Supplier<Map<String, Object>> state,
                          byte[] page) {
        this.server = server;
        this.threads = threads;
        this.state = state;
        this.page = page;
    }

    /**
     * Serves {@code state} on {@code 127.0.0.1:port} (0: any free port).
     *
     * @throws PoolException if the port cannot be had
     */
    public static PoolDashboard start(int port, Supplier<Map<String, Object>> state) {
        byte[] page;
        try (InputStream in = PoolDashboard.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the class path");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new PoolException("cannot serve the dashboard on 127.0.0.1:" + port + ": " + e.getMessage());
        }
        AtomicInteger numbers = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "pool-dashboard-" + numbers.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        PoolDashboard dashboard = new PoolDashboard(server, threads, state, page);
        server.setExecutor(threads);
        server.createContext("/", dashboard::page);
        server.createContext("/api/state", dashboard::json);
        server.createContext("/events", dashboard::events);
        server.start();
        LOG.debug("dashboard on {}", dashboard.url());
        return dashboard;
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
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
            return JSON.std.asString(state.get());
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
