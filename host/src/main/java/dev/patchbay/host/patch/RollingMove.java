package dev.patchbay.host.patch;

import dev.patchbay.api.Transport;
import dev.patchbay.host.spi.HostControl;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationException;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.channel.MigrationUnderWay;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.TransportRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves every channel this host leads from older generations of a plugin onto a new one: one channel first and
 * all the way to its commit (the canary: a patch that breaks its links is rolled back having carried messages on one
 * channel), then the rest. Those open their new links while the canary is in its health window, and switch to them
 * when it commits (if it does not, they are aborted before the switch: the old links never stopped). Only the opening
 * holds a thread ({@link #OPENING} at a time); the wait for the canary, the health windows and the commits run side
 * by side without one, so a thousand channels take the canary's window and one more, not a thousand or a few rounds
 * of them. The first failure stops new moves; those under way finish.
 */
final class RollingMove {
    /**
     * How many channels open their new links at once. Opening is a few round trips to the peer, mostly waiting: more
     * than the cores, but not so many that the peer's side queues them.
     */
    static final int OPENING = 32;

    private final HostControl host;
    private final BackendModule module;
    private final List<MigrationReport> reports = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<Void>> ends = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<Void>> switches = Collections.synchronizedList(new ArrayList<>());
    private volatile String failure = "";
    private volatile Duration switched = Duration.ZERO;

    RollingMove(HostControl host, BackendModule module) {
        this.host = host;
        this.module = module;
    }

    /** Runs the move; returns every migration's report, the canary's first. */
    List<MigrationReport> run() {
        long start = System.nanoTime();
        List<Channel> channels = host.channels().stream().filter(this::movable).toList();
        if (channels.isEmpty()) {
            return List.of();
        }
        CompletableFuture<Void> canaryEnded = start(channels.get(0), CompletableFuture.completedFuture(null));
        // The others switch once the canary committed; they open their new links meanwhile, which is most of a
        // patch's work, in what would otherwise be a window spent waiting.
        CompletableFuture<Void> canaryCommitted = canaryEnded.thenRun(() -> {
            if (!failure.isEmpty()) {
                throw new MigrationException("the patch failed on its first channel, " + failure);
            }
        });
        if (channels.size() > 1 && failure.isEmpty()) {
            AtomicInteger threads = new AtomicInteger();
            ExecutorService openers = Executors.newFixedThreadPool(Math.min(OPENING, channels.size() - 1), r -> {
                Thread t = new Thread(r, "patchbay-patch-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> opened = new ArrayList<>();
                for (Channel channel : channels.subList(1, channels.size())) {
                    opened.add(openers.submit(() -> {
                        if (failure.isEmpty()) {
                            start(channel, canaryCommitted);
                        }
                    }));
                }
                for (Future<?> f : opened) {
                    f.get();
                }
            } catch (Exception e) {
                fail("moving channels failed: " + e);
            } finally {
                openers.shutdownNow();
            }
        }
        awaitAll(switches);
        switched = Duration.ofNanos(System.nanoTime() - start);
        awaitAll(ends);
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }

    /** Why the move stopped, or empty if every channel committed. */
    String failure() {
        return failure;
    }

    /**
     * How long it took until every channel moved wrote on its new link (the canary committed, the others still in
     * their health windows).
     */
    Duration switched() {
        return switched;
    }

    private boolean movable(Channel channel) {
        BackendModule current = channel.transport().module();
        return host.initiates(channel) && current != module && current.id().equals(module.id())
                && module.transport(channel.transport().transport().scheme()).isPresent();
    }

    /**
     * Opens the new link on this thread, and switches to it once {@code go} completes; returns a future of the
     * migration's end (never failing: a failure is recorded in {@link #failure}).
     */
    private CompletableFuture<Void> start(Channel channel, CompletableFuture<Void> go) {
        Optional<Transport> transport = module.transport(channel.transport().transport().scheme());
        if (transport.isEmpty() || !channel.isOpen()) {
            return CompletableFuture.completedFuture(null);
        }
        MigrationUnderWay move;
        try {
            move = host.migrateWhen(channel, new TransportRef(module, transport.get()), go);
        } catch (RuntimeException e) {
            fail(channel.name() + ": " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        switches.add(move.switched());
        CompletableFuture<Void> ended = move.ended().handle((report, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                fail(channel.name() + ": " + cause.getMessage());
                return null;
            }
            reports.add(report);
            if (report.outcome() != MigrationOutcome.COMMITTED) {
                fail(channel.name() + ": " + report.reason());
            }
            return null;
        });
        ends.add(ended);
        return ended;
    }

    /** Waits for every future in {@code all}; none of them fails (see {@link #start}). */
    private static void awaitAll(List<CompletableFuture<Void>> all) {
        List<CompletableFuture<Void>> pending;
        synchronized (all) {
            pending = List.copyOf(all);
        }
        // Each migration ends within its own step timeouts.
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    private synchronized void fail(String why) {
        if (failure.isEmpty()) {
            failure = why;
        }
    }
}
