package dev.patchbay.host.cli;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.dashboard.Dashboard;
import dev.patchbay.host.demo.Backends;
import dev.patchbay.host.demo.DemoRunner;
import dev.patchbay.host.demo.PatchCycles;
import dev.patchbay.host.demo.PeerLauncher;
import dev.patchbay.host.demo.SoakRunner;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.module.ModuleException;
import dev.patchbay.api.Address;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code patchbay soak}: many migrations under continuous traffic, with the pause distribution. */
@Command(name = "soak", description = "Migrate a channel to a spawned echo peer again and again under continuous"
        + " traffic, across every pair of backends and module versions, with a broken patch now and then; report"
        + " lost/duplicated/reordered and the swap pause distribution.",
        footerHeading = "%nExamples:%n", footer = {"  patchbay soak --migrations 200",
                "  patchbay soak --backends shm --rate 100000 --quiet-windows",
                "  patchbay soak --param shm.wait=futex", "  patchbay soak --patch-cycles 1000",
                "  patchbay soak --http 8080   (then open http://127.0.0.1:8080/; Prometheus at /metrics)"})
final class SoakCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Mixin
    DashboardOptions http;

    @Option(names = "--migrations", defaultValue = "1000", description = "How many (default ${DEFAULT-VALUE}).")
    int migrations;

    @Option(names = "--broken-every", defaultValue = "25",
            description = "Try the broken patch every N migrations; 0 never (default ${DEFAULT-VALUE}).")
    int brokenEvery;

    @Option(names = "--patch-cycles", defaultValue = "0",
            description = "Instead: load a new generation of one plugin N times (fifo, or the one backend named by"
                    + " --backends), moving the channel onto each, and report loaded classes, metaspace and open jar"
                    + " files (the leak check's long mode).")
    int patchCycles;

    @Option(names = "--rate", defaultValue = "20000",
            description = "Messages per second each way (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--backends", split = ",", paramLabel = "<scheme>",
            description = "Migrate only between these backends, e.g. shm (then every migration moves to a fresh shm"
                    + " link: the shm↔shm pause). Default: every loaded one.")
    Set<String> backends = Set.of();

    @Option(names = "--quiet-windows",
            description = "After each migration, watch the traffic as long again without migrating and report that"
                    + " window's longest gap beside the pause: the jitter the same traffic has anyway.")
    boolean quietWindows;

    @Option(names = "--param", paramLabel = "<scheme>.<key>=<value>",
            description = "An address parameter for the links the soak opens, e.g. shm.wait=futex (repeatable).")
    Map<String, String> linkParams = Map.of();

    @Spec
    CommandSpec spec;

    /** {@code shm.wait=futex} → {@code shm -> {wait=futex}}. */
    private Map<String, Map<String, String>> paramsByScheme() {
        Map<String, Map<String, String>> byScheme = new TreeMap<>();
        linkParams.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw new ParameterException(spec.commandLine(), "--param " + key + "=" + value
                        + ": name the scheme and the parameter, as in shm.wait=futex");
            }
            byScheme.computeIfAbsent(key.substring(0, dot), s -> new TreeMap<>())
                    .put(key.substring(dot + 1), value);
        });
        return byScheme;
    }

    private int patchCycles(Patchbay patchbay, PrintWriter out) throws Exception {
        if (backends.size() > 1) {
            throw new ParameterException(spec.commandLine(), "--patch-cycles cycles one plugin: name one backend"
                    + " with --backends, not " + backends.size());
        }
        List<String> chosen = Backends.chosen(patchbay.modules(), backends.isEmpty() ? Set.of("fifo") : backends,
                "soak --backends");
        String scheme = chosen.get(0);
        Path plugins = patchbay.modules().pluginsDir();
        Channel channel = patchbay.listen(PeerLauncher.echoPeer(patchbay).toString());
        Traffic traffic = new Traffic(channel, 64, rate).start();
        patchbay.swap(channel.name(), scheme);
        // The file in the plugins folder that the module serving the scheme came from: any plugin id, any kind.
        Path jar = patchbay.modules().resolve(scheme).map(r -> r.module().source()).filter(Files::isRegularFile)
                .orElseThrow(() -> new ModuleException("no module file in " + plugins + " serves " + scheme
                        + " to cycle"));
        out.printf("cycling       %s (%s)%n", jar.getFileName(), scheme);
        PatchCycles cycles = new PatchCycles(patchbay, channel, jar);
        int warm = Math.min(200, patchCycles / 5);
        cycles.run(warm);
        PatchCycles.Footprint before = PatchCycles.measure();
        cycles.run(patchCycles - warm);
        PatchCycles.Footprint after = PatchCycles.measure();
        traffic.stop();
        out.printf("patch cycles  %d (measured after %d and after all)%n", patchCycles, warm);
        out.printf("classes       %,d -> %,d (%+.1f%%)%n", before.loadedClasses(), after.loadedClasses(),
                percent(before.loadedClasses(), after.loadedClasses()));
        out.printf("metaspace     %,d KiB -> %,d KiB (%+.1f%%)%n", before.metaspaceBytes() / 1024,
                after.metaspaceBytes() / 1024, percent(before.metaspaceBytes(), after.metaspaceBytes()));
        out.printf("open jars     %s%n", after.openJarCopies());
        out.printf("traffic       sent %,d  lost = %d%n", traffic.sent(), traffic.check().lost(traffic.sent()));
        return 0;
    }

    private static double percent(long from, long to) {
        return from == 0 ? 0 : (to - from) * 100.0 / from;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Map<String, String>> params = paramsByScheme();
        http.address();
        Path plugins = host.plugins();
        Path copy = DemoRunner.copyPlugins(plugins);
        HostConfig config = host.config(copy);
        PrintWriter out = spec.commandLine().getOut();
        Patchbay patchbay = Patchbay.start(config);
        Optional<Dashboard> dashboard = Optional.empty();
        try {
            dashboard = http.start(patchbay, "soak", out);
            if (patchCycles > 0) {
                return patchCycles(patchbay, out);
            }
            SoakRunner soak = new SoakRunner(patchbay, out, migrations, brokenEvery, rate,
                    plugins.resolveSibling("patches"), backends, quietWindows, params);
            dashboard.ifPresent(d -> d.with("totals", () -> totals(soak.result(true))));
            OnCtrlC stop = OnCtrlC.run(() -> stopped(soak, patchbay, copy, out));
            try {
                SoakRunner.Result r = soak.run();
                print(r, out);
                return r.clean() ? ExitStatus.OK : ExitStatus.PROBLEMS_FOUND;
            } finally {
                stop.close();
            }
        } finally {
            dashboard.ifPresent(Dashboard::close);
            patchbay.close();
            DemoRunner.deleteTree(copy);
        }
    }

    /** The soak's account for the dashboard; messages in flight are not lost while it runs. */
    private static Map<String, Long> totals(SoakRunner.Result r) {
        Map<String, Long> totals = new java.util.LinkedHashMap<>();
        totals.put("sent", r.sent());
        totals.put("lost", r.lost());
        totals.put("duplicated", r.duplicated());
        totals.put("reordered", r.reordered());
        return totals;
    }

    /** Ctrl-C: what was done so far, then the temporary plugins folder goes. */
    private void stopped(SoakRunner soak, Patchbay patchbay, Path copy, PrintWriter out) {
        try {
            out.printf("%nstopped     after %,d of %,d migrations (Ctrl-C); messages in flight are not counted"
                    + " as lost%n", soak.done(), migrations);
            print(soak.result(true), out);
        } catch (RuntimeException e) {
            out.println("stopped     (no summary: " + e + ")");
        }
        out.flush();
        patchbay.close();
        try {
            DemoRunner.deleteTree(copy);
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("patchbay: could not remove " + copy + ": " + e.getMessage());
        }
    }

    private void print(SoakRunner.Result r, PrintWriter out) {
        out.printf("migrations  %d committed, %d rolled back (%d broken patches tried), %d aborted%n",
                r.committed(), r.rolledBack(), r.brokenPatches(), r.aborted());
        out.printf("pairs       %d: %s%n", r.pairs().size(), String.join(", ", r.pairs()));
        out.printf("traffic     sent %,d  lost = %d  duplicated = %d  reordered = %d (%,d msg/s each way)%n",
                r.sent(), r.lost(), r.duplicated(), r.reordered(), rate);
        out.printf("switch      %s (SWITCH sent to the peer's SWITCH read)%n", r.switchPauses());
        // Each phase from the one before it (or the start), on the initiating side: where a pause comes from.
        r.phases().forEach((phase, took) -> out.printf("  phase %-14s %s%n", phase, took));
        out.printf("pause       %s (longest gap between arrivals during each migration)%n", r.arrivalGaps());
        if (quietWindows) {
            out.printf("quiet       %s (longest gap in as long a window without a migration)%n", r.quietGaps());
        }
        r.gapsByPair().forEach((pair, gaps) -> out.printf("  %-32s %s%n", pair, gaps));
        r.unexpected().forEach(u -> out.println("unexpected  " + u));
        out.flush();
    }
}
