package dev.patchbay.host.demo;

import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationPhases;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.channel.ModuleSpec;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.TransportRef;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak: continuous numbered traffic through a spawned echo peer while the channel migrates again and again,
 * between every pair of backends and module versions there are, with a deliberately broken patch every so often.
 * Counts every outcome, checks every message, and reports the pause distribution.
 *
 * <p>The backends are every loaded one, a third party's too, or those named ({@link Backends}). A broken patch is a
 * file in the patches folder named {@code <id>-<version>-broken.jar} (or {@code .so}); it is tried while the channel
 * is on module {@code <id>}, and must leave the channel where it was (rolled back, or aborted when it cannot even
 * open). A broken transport that takes a {@code breakAfter} address parameter gets {@code breakAfter=10}.
 */
public final class SoakRunner {
    /** What a soak found. */
    public record Result(int committed, int rolledBack, int aborted, int brokenPatches, long sent, long lost,
                         long duplicated, long reordered, Set<String> pairs, PauseStats switchPauses,
                         PauseStats arrivalGaps, PauseStats quietGaps, Map<String, PauseStats> gapsByPair,
                         List<String> unexpected, Map<String, PauseStats> phases) {

        /** True when nothing was lost, repeated or reordered and every migration ended as it should. */
        public boolean clean() {
            return lost == 0 && duplicated == 0 && reordered == 0 && unexpected.isEmpty();
        }
    }

    private final Patchbay host;
    private final PrintWriter out;
    private final int migrations;
    private final int brokenEvery;
    private final long rate;
    private final Path patches;
    private final Set<String> schemes;
    private final boolean quietWindows;
    private final Map<String, Map<String, String>> params;
    private long addresses;
    /** The broken patch files by the module id they break. */
    private Map<String, Path> brokenPatches = Map.of();
    private final long started = System.nanoTime();
    private long lastProgress = started;
    private volatile Traffic traffic;
    private final PauseStats switches = new PauseStats();
    private final PauseStats gaps = new PauseStats();
    private final PauseStats quiet = new PauseStats();
    /** How long each migration phase took (MigrationPhases.NAMES order), over the committed migrations. */
    private final Map<String, PauseStats> phases = new java.util.LinkedHashMap<>();
    private final Map<String, PauseStats> gapsByPair = new TreeMap<>();
    private final Set<String> pairs = new TreeSet<>();
    private final List<String> unexpected = new ArrayList<>();
    private volatile int committed;
    private volatile int rolledBack;
    private volatile int aborted;
    private volatile int broken;
    private volatile int done;
    private final Random random = new Random(20261123);
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    /** {@code <id>-<version>-broken.<ext>}: the id ends before the first "-" that a digit follows. */
    private static final Pattern BROKEN = Pattern.compile("(.+?)-\\d.*-broken\\.[a-z]+");

    /** A backend and the exact generation to move to. */
    private record Target(String scheme, ModuleSpec spec) {
        String label() {
            return spec.id() + "@" + spec.version();
        }
    }

    /**
     * @param migrations  how many migrations to run
     * @param brokenEvery every this many migrations, try a broken patch (0: never)
     * @param rate        messages per second each way
     * @param patches     folder with fifo-1.0.1.jar and broken patches such as fifo-1.0.2-broken.jar (optional)
     */
    public SoakRunner(Patchbay host, PrintWriter out, int migrations, int brokenEvery, long rate, Path patches) {
        this(host, out, migrations, brokenEvery, rate, patches, Set.of(), false, Map.of());
    }

    /**
     * @param schemes      the backends to migrate between (empty: all there are); with one, every migration moves
     *                     the channel to a fresh link of the same backend, which is how shm↔shm pauses are measured
     * @param quietWindows after each migration, watch the traffic for as long again without migrating and keep the
     *                     longest gap of that window too: the pause a migration costs, beside the jitter the same
     *                     traffic has without one
     * @param params       address parameters by scheme for the links the soak opens, e.g. {@code shm -> wait=futex}
     */
    public SoakRunner(Patchbay host, PrintWriter out, int migrations, int brokenEvery, long rate, Path patches,
                      Set<String> schemes, boolean quietWindows, Map<String, Map<String, String>> params) {
        this.host = host;
        this.out = out;
        this.migrations = migrations;
        this.brokenEvery = brokenEvery;
        this.rate = rate;
        this.patches = patches;
        this.schemes = Set.copyOf(schemes);
        this.quietWindows = quietWindows;
        this.params = Map.copyOf(params);
    }

    public Result run() throws Exception {
        List<Target> targets = targets();
        brokenPatches = brokenPatches();
        Channel channel = host.listen(PeerLauncher.echoPeer(host).toString());
        Traffic traffic = new Traffic(channel, 64, rate).start();
        this.traffic = traffic;
        for (int i = 1; i <= migrations && traffic.failure() == null; i++) {
            String from = channel.transport().module().label();
            boolean chosen = schemes.isEmpty() || schemes.contains(channel.transport().transport().scheme());
            Path brokenPatch = brokenPatches.get(channel.transport().module().id());
            boolean tryBroken = brokenEvery > 0 && i % brokenEvery == 0 && brokenPatch != null;
            TransportRef to = tryBroken ? brokenPatch(brokenPatch, channel.transport().transport().scheme())
                    : pick(targets, channel.transport());
            traffic.gaps().takeMaxGap();
            long started = System.nanoTime();
            MigrationReport report = to == null ? null : migrate(channel, to, tryBroken);
            if (report == null) {
                continue;
            }
            done = i;
            long gap = traffic.gaps().takeMaxGap();
            if (quietWindows) {
                quiet.add(quietGap(traffic, System.nanoTime() - started));
            }
            switch (report.outcome()) {
                case COMMITTED -> {
                    committed++;
                    String pair = from + " -> " + to.module().label();
                    pairs.add(pair);
                    gapsByPair.computeIfAbsent(pair, p -> new PauseStats()).add(gap);
                    // The first move off the spawning pipe is not between the chosen backends.
                    if (chosen) {
                        switches.add(report.switchNanos());
                        long[] took = report.phases().durations();
                        for (int p = 0; p < took.length; p++) {
                            if (took[p] > 0) {
                                phases.computeIfAbsent(MigrationPhases.NAMES.get(p), n -> new PauseStats())
                                        .add(took[p]);
                            }
                        }
                        gaps.add(gap);
                    }
                }
                case ROLLED_BACK -> rolledBack++;
                case ABORTED -> aborted++;
            }
            // A broken patch leaves the channel where it was: rolled back, or aborted if it could not even open.
            boolean expected = tryBroken != (report.outcome() == MigrationOutcome.COMMITTED);
            if (tryBroken) {
                broken++;
            }
            if (!expected) {
                unexpected.add(report.toString());
            }
            progress(i);
        }
        traffic.stop();
        channel.close();
        if (traffic.failure() != null) {
            unexpected.add("traffic failed: " + traffic.failure().getMessage());
        }
        return result(false);
    }

    /** A line every 10 s or so: how far, how fast, and when it will be done at this pace. */
    private void progress(int i) {
        long now = System.nanoTime();
        if (out == null || now - lastProgress < PROGRESS_EVERY_NANOS && i != migrations) {
            return;
        }
        lastProgress = now;
        double elapsed = (now - started) / 1e9;
        long eta = Math.round(elapsed / i * (migrations - i));
        out.printf("  %,d/%,d migrations (%d%%): %d committed, %d rolled back, %d aborted; %,d messages; %.0f s"
                        + " so far, about %s to go%n", i, migrations, i * 100L / migrations, committed, rolledBack,
                aborted, traffic.check().received(), elapsed, eta >= 120 ? eta / 60 + " min" : eta + " s");
        out.flush();
    }

    /**
     * What the soak found so far; {@code partial} for a soak stopped with Ctrl-C, where the messages still in flight
     * are not counted as lost.
     */
    public Result result(boolean partial) {
        Traffic t = traffic;
        if (t == null) {
            return new Result(0, 0, 0, 0, 0, 0, 0, 0, Set.of(), switches, gaps, quiet, Map.of(), List.of(),
                    Map.of());
        }
        TrafficCheck check = t.check();
        long lost = partial ? 0 : check.lost(t.sent());
        return new Result(committed, rolledBack, aborted, broken, t.sent(), lost, check.duplicated(),
                check.reordered(), new TreeSet<>(pairs), switches, gaps, quiet, new TreeMap<>(gapsByPair),
                List.copyOf(unexpected), new java.util.LinkedHashMap<>(phases));
    }

    /** Migrations finished so far. */
    public int done() {
        return done;
    }

    /** The longest gap between arrivals while nothing migrates, over a window of {@code nanos}. */
    private static long quietGap(Traffic traffic, long nanos) {
        traffic.gaps().takeMaxGap();
        LockSupport.parkNanos(nanos);
        return traffic.gaps().takeMaxGap();
    }

    private MigrationReport migrate(Channel channel, TransportRef to, boolean broken) {
        if (!broken) {
            String scheme = to.transport().scheme();
            if (!params.containsKey(scheme)) {
                return host.migrate(channel, to);
            }
            Address address = Address.of(scheme, "soak-" + ProcessHandle.current().pid() + "-" + ++addresses,
                    params.get(scheme));
            return channel.migrate(to, address, host.config().migrationOptions());
        }
        boolean breakable = to.transport().parameters().map(p -> p.contains("breakAfter")).orElse(false);
        if (!breakable) {
            return host.migrate(channel, to);
        }
        Address address = Address.of(to.transport().scheme(), "soak-broken-" + ProcessHandle.current().pid() + "-"
                + random.nextInt(1_000_000), Map.of("breakAfter", "10"));
        return channel.migrate(to, address, host.config().migrationOptions());
    }

    /**
     * Every chosen backend's best generation, plus fifo 1.0.0 and 1.0.1 both when the patch exists.
     *
     * @throws AddressException if {@code --backends} names a scheme no loaded module serves, or none is loaded
     */
    private List<Target> targets() throws Exception {
        List<Target> targets = new ArrayList<>();
        for (String scheme : Backends.chosen(host.modules(), schemes, "soak --backends")) {
            host.modules().resolve(scheme).ifPresent(r -> targets.add(new Target(scheme, ModuleSpec.of(r.module()))));
        }
        if (targets.isEmpty()) {
            throw new AddressException("no backend to migrate between: no module in " + host.modules().pluginsDir()
                    + " is loaded (`patchbay plugins` says why)");
        }
        Path patch = patches.resolve("fifo-1.0.1.jar");
        if ((schemes.isEmpty() || schemes.contains("fifo")) && Files.isRegularFile(patch)) {
            Path copy = Files.copy(patch, host.modules().pluginsDir().resolve("fifo-1.0.1.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
            BackendModule module = host.modules().load(copy);
            if (module.state() == ModuleState.STARTED) {
                targets.add(new Target("fifo", ModuleSpec.of(module)));
            }
        }
        return targets;
    }

    /**
     * Any target but the one the channel is on, resolved now (a retired generation is loaded again); with a single
     * target, that one: a fresh link of the same backend.
     */
    private TransportRef pick(List<Target> targets, TransportRef current) {
        ModuleSpec now = ModuleSpec.of(current.module());
        List<Target> others = targets.stream().filter(t -> !t.spec().equals(now)
                || !t.scheme().equals(current.transport().scheme())).toList();
        if (others.isEmpty()) {
            others = targets;
        }
        Target target = others.get(random.nextInt(others.size()));
        return host.transportFor(target.scheme(), target.spec());
    }

    /** The broken patches in the patches folder ({@code <id>-<version>-broken.jar|.so}) by module id. */
    private Map<String, Path> brokenPatches() throws IOException {
        Map<String, Path> byId = new TreeMap<>();
        if (brokenEvery <= 0 || !Files.isDirectory(patches)) {
            return byId;
        }
        try (var files = Files.list(patches)) {
            for (Path file : files.filter(ModuleRegistry::isModuleFile).sorted().toList()) {
                Matcher m = BROKEN.matcher(file.getFileName().toString());
                if (m.matches()) {
                    byId.put(m.group(1), file);
                }
            }
        }
        return byId;
    }

    /** A fresh generation of a broken patch (the last one was rejected). */
    private TransportRef brokenPatch(Path jar, String scheme) {
        Path copy = host.modules().pluginsDir().resolve(jar.getFileName());
        try {
            if (!Files.exists(copy)) {
                Files.copy(jar, copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + jar + " into the plugins folder", e);
        }
        BackendModule module = host.modules().load(copy);
        return module.transport(scheme).map(t -> new TransportRef(module, t)).orElse(null);
    }
}
