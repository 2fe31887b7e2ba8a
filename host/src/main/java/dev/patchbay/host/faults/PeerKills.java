package dev.patchbay.host.faults;

import dev.patchbay.api.Address;
import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelState;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.demo.PauseStats;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.sharedmem.posix.Signal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The peer group: echo peers in their own JVMs killed with SIGKILL in every {@link PeerSituation}, {@code rounds}
 * times each; every time, the survivor's channel must end with the peer's death (and a migration under way must
 * fail with it) within the notice limit.
 */
final class PeerKills {
    /** Steps and health window far longer than any notice, so that no timeout can pass for one. */
    private static final MigrationOptions SLOW_STEPS = MigrationOptions.DEFAULTS
            .withStepTimeout(Duration.ofSeconds(60)).withHealthWindow(Duration.ofSeconds(60));
    /**
     * For moving a channel to the round's backend before the kill: a short health window, and steps long enough
     * for a peer JVM that is still loading its first modules on a loaded machine (a 5 s step failed there).
     */
    private static final MigrationOptions QUICK = MigrationOptions.DEFAULTS.withHealthWindow(Duration.ofMillis(50))
            .withStepTimeout(Duration.ofSeconds(30));

    private final FaultSettings settings;
    private final RunProcesses processes;
    private final PauseStats noticed = new PauseStats();
    private final Map<PeerSituation, PauseStats> bySituation = new EnumMap<>(PeerSituation.class);
    private final List<String> failures = new ArrayList<>();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faults-peer-background");
        t.setDaemon(true);
        return t;
    });
    private final String tag = "faults-" + ProcessHandle.current().pid() + "-";
    private Patchbay host;
    private List<String> backends;
    private int addresses;

    private final PrintWriter progress;

    PeerKills(FaultSettings settings, RunProcesses processes, PrintWriter progress) {
        this.settings = settings;
        this.processes = processes;
        this.progress = progress;
    }

    GroupResult run(Leftovers leftovers) throws InterruptedException {
        long start = System.nanoTime();
        host = Patchbay.start(HostConfig.of(settings.plugins()).withWatch(false)
                .withLinkOptions(settings.linkOptions()).withMigrationOptions(SLOW_STEPS));
        try (PeerSupply supply = new PeerSupply(host, processes)) {
            backends = backends();
            int total = settings.rounds() * PeerSituation.values().length;
            int done = 0;
            for (int round = 0; round < settings.rounds(); round++) {
                for (PeerSituation situation : PeerSituation.values()) {
                    try {
                        round(supply, situation, round);
                    } catch (RuntimeException e) {
                        failures.add(situation.label() + " round " + round + ": " + e);
                    }
                    if (++done % Math.max(60, total / 10) == 0 && done < total) {
                        progress.printf("  %d/%d peers killed, %d failures so far%n", done, total, failures.size());
                        progress.flush();
                    }
                }
            }
        } finally {
            host.close();
            background.shutdownNow();
        }
        List<String> notes = new ArrayList<>();
        notes.add("backends for idle and traffic kills, in turn: " + String.join(", ", backends));
        bySituation.forEach((s, stats) -> notes.add(String.format("%-12s noticed %s", s.label(), stats)));
        return new GroupResult(FaultGroup.PEER, noticed.count(), noticed, failures, leftovers.afterGc(), notes,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** The backends the host has, of pipe, fifo, shm and nshm (native: present when the build made it). */
    private List<String> backends() {
        List<String> found = new ArrayList<>();
        for (String scheme : List.of("pipe", "fifo", "shm", "nshm")) {
            try {
                host.transportFor(Address.parse(scheme + ":probe"));
                found.add(scheme);
            } catch (PatchbayException e) {
                // Not loaded here: the rounds use the others.
            }
        }
        return found;
    }

    private void round(PeerSupply supply, PeerSituation situation, int round) throws InterruptedException {
        String what = situation.label() + " round " + round;
        PeerSupply.Peer peer = situation == PeerSituation.SWITCHING
                ? supply.nextKilledAfterSwitch(SLOW_STEPS, background) : supply.next();
        Channel channel = peer.channel();
        int pid = (int) peer.process().pid();
        Traffic traffic = null;
        CompletableFuture<MigrationReport> swap = null;
        try {
            if (!situation.migrating()) {
                // Traffic starts half-way round the list, so that even two rounds see every backend.
                int offset = situation == PeerSituation.TRAFFIC ? backends.size() / 2 : 0;
                String backend = backends.get((round + offset) % backends.size());
                what += " on " + backend;
                moveTo(channel, backend);
            }
            boolean withTraffic = situation == PeerSituation.TRAFFIC || situation == PeerSituation.SWITCHING
                    || (situation.migrating() && round % 2 == 0);
            if (withTraffic) {
                traffic = flowing(channel);
            }
            long killedAt;
            switch (situation) {
                case IDLE, TRAFFIC -> killedAt = kill(pid);
                case PREPARING -> {
                    Signal.kill(pid, Signal.SIGSTOP);
                    swap = swapToFifo(channel);
                    awaitState(channel, ChannelState.PREPARING);
                    killedAt = kill(pid);
                }
                case PROBATION -> {
                    swap = swapToFifo(channel);
                    awaitState(channel, ChannelState.PROBATION);
                    killedAt = kill(pid);
                }
                case FALLING_BACK -> {
                    swap = swapToFifo(channel);
                    awaitState(channel, ChannelState.PROBATION);
                    Signal.kill(pid, Signal.SIGSTOP);
                    channel.cancelMigration();
                    if (channel.state() != ChannelState.FALLING_BACK) {
                        throw new IllegalStateException("cancelled in its health window, the channel is "
                                + channel.state() + ", not FALLING_BACK");
                    }
                    killedAt = kill(pid);
                }
                case SWITCHING -> {
                    Address target = Address.parse("fifo:" + tag + "switch-" + (++addresses));
                    swap = CompletableFuture.supplyAsync(() -> channel.migrate(
                            host.transportFor(target), target, SLOW_STEPS), background);
                    PeerKillingLink link = (PeerKillingLink) channel.link();
                    if (!Noticing.until(() -> link.killedAt() != 0, settings.timeout())) {
                        throw new IllegalStateException("the migration never sent its SWITCH (channel "
                                + channel.state() + ")");
                    }
                    killedAt = link.killedAt();
                }
                default -> throw new IllegalStateException("unknown situation " + situation);
            }
            CompletableFuture<MigrationReport> migration = swap;
            long took = Noticing.await(killedAt, () -> channel.state().ended()
                    && (migration == null || migration.isDone()), settings.timeout());
            judge(what, situation, channel, migration, took);
        } finally {
            if (traffic != null) {
                traffic.stop();
            }
            channel.close();
            peer.process().destroyForcibly();
            peer.process().onExit().join();
        }
    }

    private void judge(String what, PeerSituation situation, Channel channel,
                       CompletableFuture<MigrationReport> migration, long took) {
        if (took < 0) {
            failures.add(what + ": not noticed within " + settings.timeout().toSeconds() + " s (channel "
                    + channel.state() + (migration == null ? "" : ", migration " + (migration.isDone()
                    ? "ended: " + migration.handle((r, e) -> e == null ? r : e).join() : "still running")) + ")");
            return;
        }
        noticed.add(took);
        bySituation.computeIfAbsent(situation, s -> new PauseStats()).add(took);
        if (took > settings.noticeLimit().toNanos()) {
            failures.add(String.format("%s: noticed after %.0f ms", what, took / 1e6));
        }
        if (channel.failure() != null && !(channel.failure() instanceof PeerClosedException)) {
            failures.add(what + ": the channel ended with " + channel.failure() + ", not the peer's death");
        }
        if (migration != null) {
            try {
                MigrationReport report = migration.get();
                failures.add(what + ": the migration ended as " + report.outcome() + " though the peer died");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof PatchbayException p) || p.code() != ErrorCode.PEER_CLOSED) {
                    failures.add(what + ": the migration failed with " + e.getCause() + ", not the peer's death");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long kill(int pid) {
        long at = System.nanoTime();
        Signal.kill(pid, Signal.SIGKILL);
        return at;
    }

    private void moveTo(Channel channel, String backend) {
        if (backend.equals("pipe")) {
            return;
        }
        Address target = Address.parse(backend + ":" + tag + (++addresses));
        MigrationReport report = channel.migrate(host.transportFor(target), target, QUICK);
        if (report.outcome() != MigrationOutcome.COMMITTED) {
            throw new IllegalStateException("moving to " + target + " before the kill ended " + report.outcome()
                    + ": " + report.reason());
        }
    }

    private Traffic flowing(Channel channel) {
        Traffic traffic = new Traffic(channel, 64, settings.rate()).start();
        if (!Noticing.until(() -> traffic.received() >= 20 || traffic.failure() != null, settings.timeout())
                || traffic.failure() != null) {
            throw new IllegalStateException("traffic did not flow before the kill: " + traffic.failure());
        }
        return traffic;
    }

    private CompletableFuture<MigrationReport> swapToFifo(Channel channel) {
        return CompletableFuture.supplyAsync(() -> host.swap(channel.name(), "fifo"), background);
    }

    private void awaitState(Channel channel, ChannelState state) {
        if (!Noticing.until(() -> channel.state() == state, settings.timeout())) {
            throw new IllegalStateException("the channel never reached " + state + " (it is " + channel.state()
                    + ")");
        }
    }
}
