package dev.patchbay.host.demo;

import dev.patchbay.api.Address;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.module.ModuleInfo;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.ModuleTrust;
import dev.patchbay.host.patch.PatchResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The live demo: spawns a peer process, streams numbered messages through it, and while they flow moves the channel
 * through every backend there is, deploys a patch by dropping a jar into the plugins folder, then a broken patch
 * that is rolled back. Prints each transition with the pause the receiver saw, and at the end the account:
 * lost, duplicated, reordered.
 */
public final class DemoRunner {
    /** The patches the demo deploys, in order. */
    public static final List<String> PATCHES = List.of("fifo-1.0.1.jar", "fifo-1.0.2-broken.jar");

    private final Patchbay host;
    private final PrintWriter out;
    private final Duration step;
    private final int size;
    private final long rate;
    private final Path patches;
    private final Set<String> backends;
    private final BlockingQueue<PatchResult> patchResults = new LinkedBlockingQueue<>();
    private final long start = System.nanoTime();
    private int failures;
    private volatile Traffic running;
    private volatile boolean stopped;

    /**
     * @param host    a host that watches its plugins folder
     * @param patches where the patch jars are (fifo 1.0.1 and the broken 1.0.2); may not exist
     * @param step    how long traffic runs between transitions
     * @param rate    messages per second each way (0: as fast as possible)
     */
    public DemoRunner(Patchbay host, PrintWriter out, Duration step, int size, long rate, Path patches) {
        this(host, out, step, size, rate, patches, Set.of());
    }

    /**
     * @param backends the backends to tour (empty: every loaded one, see {@link Backends}); an unknown one is refused
     *                 before anything starts
     */
    public DemoRunner(Patchbay host, PrintWriter out, Duration step, int size, long rate, Path patches,
                      Set<String> backends) {
        this.host = host;
        this.backends = Set.copyOf(backends);
        this.out = out;
        this.step = step;
        this.size = size;
        this.rate = rate;
        this.patches = patches;
    }

    /** Runs the demo; returns the process exit status (0 when nothing was lost, repeated or reordered). */
    public int run() throws Exception {
        List<String> tour = tour();
        host.addPatchListener(patchResults::add);
        out.println("Patchbay live demo: two processes, one channel, backends swapped and patched under load");
        out.println("  plugins   " + host.modules().pluginsDir() + " (" + started() + ")");
        out.println("  trust     " + trust());
        Channel channel = host.listen(PeerLauncher.echoPeer(host).toString());
        out.printf("  channel   %s to a spawned peer process that echoes; %d-byte messages at %s, each numbered"
                + " and checked%n", channel.name(), Math.max(8, size),
                rate > 0 ? String.format("%,d/s", rate) : "full speed");
        out.printf("  pause     the longest gap between two arrivals while the transition ran%n%n");
        Traffic traffic = new Traffic(channel, size, rate).start();
        running = traffic;
        line("start", "on " + channel.transport().module().label() + " (" + channel.link().address() + ")", "", "");
        pause();
        for (String scheme : tour) {
            requirePeer(channel);
            traffic.gaps().takeMaxGap();
            MigrationReport report = host.swap(channel.name(), scheme);
            transition("swap", describe(report), report, traffic);
            pause();
        }
        requirePeer(channel);
        deploy(PATCHES.get(0), "patch", traffic, true);
        requirePeer(channel);
        deploy(PATCHES.get(1), "bad patch", traffic, false);
        requirePeer(channel);
        traffic.stop();
        stopped = true;
        return summary(channel, traffic);
    }

    /**
     * The chosen backends, ending on fifo when it is among them, since the patches the demo deploys are fifo's (the
     * channel starts on the spawning pipe, so a tour of pipe alone still moves it once).
     */
    private List<String> tour() {
        List<String> tour = new ArrayList<>(Backends.chosen(host.modules(), backends, "demo --backends"));
        if (tour.contains("fifo") && tour.size() > 1) {
            tour.add("fifo");
        }
        return tour;
    }

    /** A peer that died between two steps ends the demo as what it is, not as a channel that cannot be found. */
    private static void requirePeer(Channel channel) {
        if (channel.isOpen()) {
            return;
        }
        PatchbayException why = channel.failure();
        throw new PeerClosedException("the demo's peer process closed channel " + channel.name() + " or died"
                + (why == null ? "" : ": " + why.getMessage()), why);
    }

    private void deploy(String jar, String what, Traffic traffic, boolean shouldDeploy) throws Exception {
        Path source = patches.resolve(jar);
        if (!Files.isRegularFile(source)) {
            line("skip", what + ": " + source + " not found (build with ./mvnw package)", "", "");
            return;
        }
        traffic.gaps().takeMaxGap();
        // Deployment is a file operation: write under a temporary name, then rename into the folder.
        Path folder = host.modules().pluginsDir();
        Path temporary = folder.resolve("." + jar + ".part");
        Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, folder.resolve(jar), StandardCopyOption.ATOMIC_MOVE);
        PatchResult result = patchResults.poll(30, TimeUnit.SECONDS);
        if (result == null) {
            line(what, jar + " dropped in, but the watcher did not deploy it within 30 s", "", "FAILED");
            failures++;
            return;
        }
        for (MigrationReport report : result.migrations()) {
            transition(what, jar + ": " + describe(report), report, traffic);
        }
        if (result.migrations().isEmpty()) {
            line(what, jar + ": " + (result.deployed() ? "loaded" : "rejected: " + result.reason()), "", "");
        }
        if (result.deployed() != shouldDeploy) {
            failures++;
        }
        pause();
    }

    private void transition(String what, String text, MigrationReport report, Traffic traffic) {
        long gap = traffic.gaps().takeMaxGap();
        String outcome = switch (report.outcome()) {
            case COMMITTED -> "committed";
            case ABORTED -> "ABORTED";
            case ROLLED_BACK -> "ROLLED BACK";
        };
        line(what, text, String.format("pause %.2f ms", gap / 1e6), outcome);
        if (!report.reason().isEmpty()) {
            out.printf("            %-9s %s%n", "", "why: " + report.reason());
        }
        if (report.outcome() == MigrationOutcome.ABORTED) {
            failures++;
        }
    }

    private static String describe(MigrationReport report) {
        return shorten(report.from()) + " -> " + shorten(report.to());
    }

    /** "fifo:c1-123-4 (fifo@1.0.0)" becomes "fifo@1.0.0": the fresh names are noise here. */
    private static String shorten(String leg) {
        int open = leg.lastIndexOf(" (");
        return open > 0 && leg.endsWith(")") ? leg.substring(open + 2, leg.length() - 1) : leg;
    }

    private void line(String what, String text, String pause, String outcome) {
        out.printf("  t=%5.1fs  %-9s %-46s %-15s %s%n", (System.nanoTime() - start) / 1e9, what, text, pause,
                outcome);
        out.flush();
    }

    private void pause() throws InterruptedException {
        Thread.sleep(step.toMillis());
    }

    private int summary(Channel channel, Traffic traffic) {
        TrafficCheck check = traffic.check();
        double seconds = (System.nanoTime() - start) / 1e9;
        long lost = check.lost(traffic.sent());
        out.println();
        out.printf("  modules   %s%n", host.modules().list().stream()
                .map(m -> m.label() + " " + m.state().toString().toLowerCase())
                .collect(Collectors.joining(", ")));
        out.printf("  channel   ended on %s; %d migrations committed%n", channel.transport().module().label(),
                channel.counters().migrationsCommitted());
        out.printf("  totals    sent %,d  received %,d  lost = %d  duplicated = %d  reordered = %d%n",
                traffic.sent(), check.received(), lost, check.duplicated(), check.reordered());
        out.printf("  rate      %,.0f messages/s and %.1f MB/s each way, transitions included%n",
                check.received() / seconds, check.received() * (double) traffic.size() / seconds / 1e6);
        if (traffic.failure() != null) {
            out.println("  error     " + traffic.failure().getMessage());
        }
        out.flush();
        channel.close();
        boolean clean = lost == 0 && check.duplicated() == 0 && check.reordered() == 0 && traffic.failure() == null;
        return clean && failures == 0 ? 0 : 1;
    }

    /**
     * The account so far, for the dashboard: sent, received, lost, duplicated, reordered. Until the traffic stops,
     * a message not back is in flight, not lost.
     */
    public Map<String, Long> totals() {
        Traffic traffic = running;
        Map<String, Long> totals = new java.util.LinkedHashMap<>();
        if (traffic == null) {
            return totals;
        }
        TrafficCheck check = traffic.check();
        totals.put("sent", traffic.sent());
        totals.put("received", check.received());
        totals.put("lost", stopped ? check.lost(traffic.sent()) : 0);
        totals.put("duplicated", check.duplicated());
        totals.put("reordered", check.reordered());
        return totals;
    }

    /** What the demo did so far, for a demo stopped with Ctrl-C: messages still in flight are not lost. */
    public void printPartial() {
        Traffic traffic = running;
        out.println();
        out.printf("  stopped   at t=%.1fs (Ctrl-C)%n", (System.nanoTime() - start) / 1e9);
        if (traffic != null) {
            TrafficCheck check = traffic.check();
            out.printf("  so far    sent %,d  received %,d  (in flight %,d)  duplicated = %d  reordered = %d%n",
                    traffic.sent(), check.received(), Math.max(0, traffic.sent() - check.distinct()),
                    check.duplicated(), check.reordered());
        }
        out.flush();
    }

    /** What the host checked every module against: the demo's patches are loaded only because a list names them. */
    private String trust() {
        ModuleTrust trust = host.modules().trust();
        if (!trust.verifies()) {
            return "off (--trust-all): modules load unchecked";
        }
        return "each module file's SHA-256 checked before it loads, against " + trust.lists().stream()
                .map(p -> p.toString() + (Files.exists(p) ? "" : " (absent)")).collect(Collectors.joining(", "))
                + "; a file none names is refused (patchbay plugins trust FILE)";
    }

    private String started() {
        List<String> labels = new ArrayList<>();
        for (ModuleInfo m : host.modules().list()) {
            if (m.state() == ModuleState.STARTED) {
                labels.add(m.label());
            }
        }
        return String.join(", ", labels);
    }

    /** Deletes a folder and everything in it. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A private copy of a plugins folder for one demo run, so that deploying patches leaves the original as it was. */
    public static Path copyPlugins(Path plugins) throws IOException {
        return copyPlugins(plugins, List.of());
    }

    /**
     * A private copy of a plugins folder without the named files: the demo leaves out the patches it deploys
     * itself, so that it runs the same whether or not they were dropped into the folder before.
     */
    public static Path copyPlugins(Path plugins, List<String> leaveOut) throws IOException {
        // The pid in the name lets the janitor (patchbay segments gc) collect the copy once this process is gone.
        Path copy = Files.createTempDirectory("patchbay-demo-" + ProcessHandle.current().pid() + "-");
        try (var jars = Files.list(plugins)) {
            for (Path jar : jars.filter(ModuleRegistry::isModuleFile)
                    .filter(p -> !leaveOut.contains(p.getFileName().toString())).toList()) {
                Files.copy(jar, copy.resolve(jar.getFileName()));
            }
        }
        return copy;
    }
}
