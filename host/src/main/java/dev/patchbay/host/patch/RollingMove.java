package dev.patchbay.host.patch;

import dev.patchbay.api.Transport;
import dev.patchbay.host.spi.HostControl;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.TransportRef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves every channel this host leads from older generations of a plugin onto a new one: one channel first (the
 * canary: a patch that breaks its links is rolled back having touched one channel), then the rest, up to
 * {@link #PARALLEL} at a time, so a host with a thousand channels is patched in a few rounds of migrations rather
 * than a thousand. The first failure stops new moves; those under way finish.
 */
final class RollingMove {
    static final int PARALLEL = 128;

    private final HostControl host;
    private final BackendModule module;
    private final List<MigrationReport> reports = Collections.synchronizedList(new ArrayList<>());
    private volatile String failure = "";

    RollingMove(HostControl host, BackendModule module) {
        this.host = host;
        this.module = module;
    }

    /** Runs the move; returns every migration's report, the canary's first. */
    List<MigrationReport> run() {
        List<Channel> channels = host.channels().stream().filter(this::movable).toList();
        if (channels.isEmpty()) {
            return List.of();
        }
        move(channels.get(0));
        if (channels.size() > 1 && failure.isEmpty()) {
            AtomicInteger threads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, channels.size() - 1), r -> {
                Thread t = new Thread(r, "patchbay-patch-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> moves = new ArrayList<>();
                for (Channel channel : channels.subList(1, channels.size())) {
                    moves.add(pool.submit(() -> {
                        if (failure.isEmpty()) {
                            move(channel);
                        }
                    }));
                }
                for (Future<?> f : moves) {
                    f.get();
                }
            } catch (Exception e) {
                failure = failure.isEmpty() ? "moving channels failed: " + e : failure;
            } finally {
                pool.shutdownNow();
            }
        }
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }

    /** Why the move stopped, or empty if every channel committed. */
    String failure() {
        return failure;
    }

    private boolean movable(Channel channel) {
        BackendModule current = channel.transport().module();
        return host.initiates(channel) && current != module && current.id().equals(module.id())
                && module.transport(channel.transport().transport().scheme()).isPresent();
    }

    private void move(Channel channel) {
        Optional<Transport> transport = module.transport(channel.transport().transport().scheme());
        if (transport.isEmpty() || !channel.isOpen()) {
            return;
        }
        MigrationReport report;
        try {
            report = host.migrate(channel, new TransportRef(module, transport.get()));
        } catch (RuntimeException e) {
            synchronized (this) {
                if (failure.isEmpty()) {
                    failure = channel.name() + ": " + e.getMessage();
                }
            }
            return;
        }
        reports.add(report);
        if (report.outcome() != MigrationOutcome.COMMITTED) {
            synchronized (this) {
                if (failure.isEmpty()) {
                    failure = channel.name() + ": " + report.reason();
                }
            }
        }
    }
}
