package dev.patchbay.host.pool;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelState;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.module.TransportRef;
import dev.patchbay.host.patch.PatchResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * {@code patchbay pool}: runs a pool through its {@link PoolPlan} and tells what happens, a line per event: workers
 * started, a worker killed and replaced, each worker's migration with the pause it saw, a progress line a second,
 * then the account.
 */
public final class PoolRun implements PoolEvents {
    private static final Duration PATCH_WAIT = Duration.ofSeconds(60);

    private final Patchbay host;
    private final PrintWriter out;
    private final PoolOptions options;
    private final PoolPlan plan;
    private final Duration helloTimeout;
    private final BlockingQueue<PatchResult> patches = new LinkedBlockingQueue<>();
    private final long start = System.nanoTime();
    private volatile ProcessPool pool;
    private volatile boolean finished;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile BiConsumer<String, String> notes = (what, text) -> { };
    private volatile double currentRate;

    /**
     * @param host         a host on the plugins folder; it must watch the folder for {@code plan.patch()}
     * @param helloTimeout how long a new worker may take to start
     */
    public PoolRun(Patchbay host, PrintWriter out, PoolOptions options, PoolPlan plan, Duration helloTimeout) {
        this.host = host;
        this.out = out;
        this.options = options;
        this.plan = plan;
        this.helloTimeout = helloTimeout;
    }

    /** Runs the plan; returns the exit status: 0 when every task came back exactly once and every step worked. */
    public int run() throws IOException, InterruptedException {
        host.addListener(this::migrationEnded);
        if (host.config().watchPlugins()) {
            host.addPatchListener(this::patchDone);
        }
        out.printf("Patchbay process pool: %d workers over pipe:child, %,d tasks (work %d), %s balance, window %d,"
                + " %s%n", options.workers(), options.tasks(), options.work(), options.balance(), options.window(),
                options.rate() > 0 ? String.format("%,d tasks/s", options.rate()) : "full speed");
        out.printf("  plugins   %s%s%n", host.modules().pluginsDir(), host.config().watchPlugins()
                ? " (a patch dropped in rolls through the workers one at a time)" : "");
        return runPool();
    }

    /** Tells {@code notes} of every event but migrations (the host's listeners hear those): kills, respawns. */
    public void noteTo(BiConsumer<String, String> notes) {
        this.notes = notes;
    }

    private int runPool() throws IOException, InterruptedException {
        pool = ProcessPool.spawn(host, options, this, helloTimeout);
        out.printf("  kill -9 any worker's pid: its tasks are reassigned and a new worker is spawned%n%n");
        pool.start();
        Thread ticker = new Thread(this::tick, "pool-progress");
        ticker.setDaemon(true);
        ticker.start();
        try (ProcessPool running = pool) {
            return steps(running, ticker);
        }
    }

    private int steps(ProcessPool running, Thread ticker) throws IOException, InterruptedException {
        try {
            if (plan.killOne() && reach(4)) {
                killOne();
            }
            if (plan.swapTo() != null && reach(2)) {
                swapAll(plan.swapTo());
            }
            if (plan.patch() != null && reach(4.0 / 3)) {
                dropPatch(plan.patch());
            }
            if (!running.awaitDone(plan.timeout()) && !finished) {
                line("timeout", "not every task came back within " + plan.timeout().toSeconds() + " s");
                failures.incrementAndGet();
            }
        } finally {
            ticker.interrupt();
        }
        if (finished) {
            // Stopped with Ctrl-C: printPartial has told the account so far.
            return 1;
        }
        finished = true;
        PoolSummary summary = running.summary();
        print(summary);
        return summary.clean() && failures.get() == 0 ? 0 : 1;
    }

    /** Waits until the tasks returned reach {@code tasks / divisor}. */
    private boolean reach(double divisor) {
        return pool.awaitReturned((long) (options.tasks() / divisor), plan.timeout());
    }

    private void killOne() {
        List<WorkerHandle> workers = pool.workers();
        if (workers.isEmpty()) {
            return;
        }
        WorkerHandle victim = workers.get(0);
        line("kill", victim + " with SIGKILL");
        victim.kill();
        if (!pool.awaitRespawned(1, helloTimeout.plusSeconds(30))) {
            line("respawn", "no replacement started in time");
            failures.incrementAndGet();
        }
    }

    private void dropPatch(Path patch) throws IOException, InterruptedException {
        if (!host.config().watchPlugins()) {
            line("patch", "skipped: the plugins folder is not watched (--no-watch)");
            return;
        }
        // Deployment is a file operation: written under a hidden name, then renamed in, as a user would.
        Path folder = host.modules().pluginsDir();
        Path hidden = folder.resolve("." + patch.getFileName() + ".part");
        Files.copy(patch, hidden, StandardCopyOption.REPLACE_EXISTING);
        Files.move(hidden, folder.resolve(patch.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        line("patch", patch.getFileName() + " dropped into the plugins folder");
        PatchResult result = patches.poll(PATCH_WAIT.toSeconds(), TimeUnit.SECONDS);
        if (result == null) {
            line("patch", "not deployed within " + PATCH_WAIT.toSeconds() + " s");
            failures.incrementAndGet();
        } else if (!result.deployed()) {
            failures.incrementAndGet();
        }
    }

    /** Every patch the watcher deployed or refused: dropped by --patch, or by hand while the pool runs. */
    private void patchDone(PatchResult result) {
        if (result.deployed()) {
            line("patch", result.module() + " deployed: " + result.migrations().size() + " worker(s) moved");
        } else {
            line("patch", result.module() + " rejected: " + result.reason());
        }
        patches.add(result);
    }

    private void swapAll(String target) {
        for (WorkerHandle w : pool.workers()) {
            w.takeMaxGap();
            try {
                pool.swap(w, target);
            } catch (RuntimeException e) {
                line("swap", w + ": " + e.getMessage());
                failures.incrementAndGet();
            }
        }
    }

    /** Every migration of a worker's channel, whatever started it: a swap or the patch watcher. */
    private void migrationEnded(Channel channel, MigrationReport report, TransportRef target) {
        ProcessPool p = pool;
        Optional<WorkerHandle> worker = p == null ? Optional.empty()
                : p.workers().stream().filter(w -> w.channel() == channel).findFirst();
        if (worker.isEmpty()) {
            return;
        }
        WorkerHandle w = worker.get();
        String what = scheme(report.from()).equals(scheme(report.to())) ? "patch" : "swap";
        String outcome = switch (report.outcome()) {
            case COMMITTED -> "committed";
            case ABORTED -> "ABORTED";
            case ROLLED_BACK -> "ROLLED BACK";
        };
        if (report.outcome() != MigrationOutcome.COMMITTED) {
            failures.incrementAndGet();
        }
        print(what, String.format("worker %-2d pid %-7d %s -> %s  %s  pause %.2f ms  %,.0f tasks/s%s", w.number(),
                w.pid(), module(report.from()), module(report.to()), outcome, w.takeMaxGap() / 1e6,
                w.recentTasksPerSecond(), report.reason().isEmpty() ? "" : "  (" + report.reason() + ")"));
    }

    /** "fifo:c1-123-4 (fifo@1.0.0)" becomes "fifo@1.0.0". */
    private static String module(String leg) {
        int open = leg.lastIndexOf(" (");
        return open > 0 && leg.endsWith(")") ? leg.substring(open + 2, leg.length() - 1) : leg;
    }

    private static String scheme(String leg) {
        String m = module(leg);
        int at = m.indexOf('@');
        return at > 0 ? m.substring(0, at) : m;
    }

    private void tick() {
        long last = 0;
        long lastNanos = System.nanoTime();
        while (!finished) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            ProcessPool p = pool;
            long now = System.nanoTime();
            long returned = p.returned();
            for (WorkerHandle w : p.workers()) {
                w.sample();
                if (w.channel().state() == ChannelState.OPEN) {
                    // A migration's pause is the longest gap while it ran: forget the quiet time before it.
                    w.takeMaxGap();
                }
            }
            currentRate = (returned - last) / ((now - lastNanos) / 1e9);
            line("progress", String.format("returned %,d of %,d  (%,.0f tasks/s)  outstanding %s", returned,
                    options.tasks(), currentRate, p.outstanding()));
            last = returned;
            lastNanos = now;
        }
    }

    @Override
    public void started(WorkerHandle worker, boolean respawn) {
        line(respawn ? "respawn" : "worker", String.format("worker %-2d pid %-7d on %s", worker.number(),
                worker.pid(), worker.module()));
    }

    @Override
    public void died(WorkerHandle worker, int reassigned, String cause) {
        line("died", String.format("worker %-2d pid %-7d %d outstanding task(s) reassigned (%s)", worker.number(),
                worker.pid(), reassigned, cause));
    }

    @Override
    public void respawnFailed(String cause) {
        line("respawn", "FAILED: " + cause);
        failures.incrementAndGet();
    }

    private void line(String what, String text) {
        if (!what.equals("progress")) {
            notes.accept(what, text);
        }
        print(what, text);
    }

    private void print(String what, String text) {
        out.printf("  t=%5.1fs  %-9s %s%n", (System.nanoTime() - start) / 1e9, what, text);
        out.flush();
    }

    /** The pool's part of the dashboard: the account and the workers. */
    public Map<String, Object> state() {
        return PoolState.of(pool, options, currentRate, finished);
    }

    /** The account: tasks sent, returned, lost, duplicated, reassigned, respawned. */
    public void print(PoolSummary s) {
        print(s, false);
    }

    private void print(PoolSummary s, boolean partial) {
        out.println();
        out.printf("  workers   %s%n", pool == null ? "none" : pool.workers().stream()
                .map(w -> w.number() + ":" + w.module()).collect(Collectors.joining("  ")));
        if (partial) {
            out.printf("  so far    sent %,d  returned %,d  (in flight %,d)  duplicated = %d  wrong = %d%n", s.sent(),
                    s.returned(), Math.max(0, s.sent() - s.returned()), s.duplicated(), s.wrong());
        } else {
            out.printf("  tasks     sent %,d  returned %,d  lost = %d  duplicated = %d  wrong = %d%n", s.sent(),
                    s.returned(), s.lost(), s.duplicated(), s.wrong());
        }
        out.printf("  recovery  reassigned %,d  respawned %d%n", s.reassigned(), s.respawned());
        out.printf("  rate      %,.0f tasks/s over %.1f s%n", s.rate(), s.seconds());
        out.flush();
    }

    /** For Ctrl-C: the account so far (tasks in flight are not lost, only not back yet). */
    public void printPartial() {
        ProcessPool p = pool;
        finished = true;
        out.printf("%n  stopped   at t=%.1fs (Ctrl-C)%n", (System.nanoTime() - start) / 1e9);
        if (p != null) {
            print(p.summary(), true);
            p.close();
        }
    }
}
