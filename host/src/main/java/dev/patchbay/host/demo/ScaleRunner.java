package dev.patchbay.host.demo;

import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.module.TrustListFile;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.patch.PatchDeployer;
import dev.patchbay.host.patch.PatchResult;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The scale measurement: two hosts in this process joined by N idle channels. Measures the CPU the idle channels
 * cost (against a window with no channels, in the same run), heap plus direct memory per channel end, and how long
 * a patch takes to move all N channels to a new generation, with one numbered message per channel before and after
 * every patch checked for loss, duplication and order.
 */
public final class ScaleRunner {
    /**
     * What one run measured.
     *
     * @param bytesPerEnd  heap and direct memory per channel end after each patch, beyond what the process held
     *                     before the channels
     * @param lastPatchCpu the CPU the last patch cost, both hosts, and by kind of thread ({@link ThreadCpu}):
     *                     {@code 2.71 s: JIT 0.91, module calls 0.80, ...}
     */
    public record Result(int channels, double idleCpuPercent, double baselineCpuPercent, double looksPerSecond,
                         List<Double> bytesPerEnd, List<Duration> switchTimes, List<Duration> patchTimes,
                         long lost, long duplicated, long reordered, String lastPatchCpu) {
        public boolean clean() {
            return lost == 0 && duplicated == 0 && reordered == 0;
        }

        public double bytesPerEndFirst() {
            return bytesPerEnd.get(0);
        }

        public double bytesPerEndLast() {
            return bytesPerEnd.get(bytesPerEnd.size() - 1);
        }

        /** Memory per channel end after patches 1, 10, 100, ... and the last: {@code 1: 20.7 KiB, 10: 20.8 KiB}. */
        public String memorySeries() {
            List<String> points = new ArrayList<>();
            for (int patch = 1; patch <= bytesPerEnd.size(); patch *= 10) {
                points.add(patch + ": " + kib(bytesPerEnd.get(patch - 1)));
            }
            if (!Integer.toString(bytesPerEnd.size()).matches("10*")) {
                points.add(bytesPerEnd.size() + ": " + kib(bytesPerEndLast()));
            }
            return String.join(", ", points);
        }
    }

    private final HostConfig config;
    private final PrintWriter out;
    private final int channels;
    private final String address;
    private final Duration idle;
    private final int patches;
    private final Path jar;
    private final TrustListFile variantsTrusted;

    /**
     * @param config  the hosts' configuration (its plugins folder receives the patch variants)
     * @param address the backend and parameters of the channels, e.g. {@code fifo} or {@code shm?wait=futex}
     * @param jar     the plugin jar whose variants are deployed as patches (it must serve the address's scheme)
     */
    public ScaleRunner(HostConfig config, PrintWriter out, int channels, String address, Duration idle, int patches,
                       Path jar) {
        // The variants are this run's own copies of a trusted jar: it trusts them in a list of its own.
        this.variantsTrusted = new TrustListFile(config.pluginsDir().resolve(".variants-trusted.sha256"));
        this.config = config.withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(60)))
                .withTrust(config.trust().and(variantsTrusted.path()));
        this.out = out;
        this.channels = channels;
        this.address = address;
        this.idle = idle;
        this.patches = patches;
        this.jar = jar;
    }

    public Result run() throws Exception {
        try (Patchbay a = Patchbay.start(config); Patchbay b = Patchbay.start(config)) {
            double baseline = cpuPercentOver(idle);
            long before = LiveMemory.footprint();
            List<Channel> ours = new ArrayList<>();
            List<Channel> theirs = new ArrayList<>();
            String scheme = address.contains("?") ? address.substring(0, address.indexOf('?')) : address;
            String query = address.contains("?") ? address.substring(address.indexOf('?')) : "";
            for (int i = 0; i < channels; i++) {
                String at = scheme + ":scale-" + ProcessHandle.current().pid() + "-" + i + query;
                CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> a.listen(at));
                theirs.add(b.connect(at));
                ours.add(accepted.get(60, TimeUnit.SECONDS));
            }
            out.printf("channels    %,d on %s: two hosts in this process, %,d channel ends; runtime folder %s%n",
                    channels, address, 2 * channels, RuntimeFolderInfo.describe());
            out.flush();
            long looksBefore = a.agentLooks() + b.agentLooks();
            long looksStart = System.nanoTime();
            double busy = cpuPercentOver(idle);
            double looks = (a.agentLooks() + b.agentLooks() - looksBefore) * 1e9 / (System.nanoTime() - looksStart);
            out.printf("idle cpu    %.2f %% of one core over %d s with the channels open; %.2f %% without (both"
                    + " hosts, agents included); the agents looked at a channel %,.0f times a second%n", busy,
                    idle.toSeconds(), baseline, looks);
            out.flush();
            PatchDeployer deployer = new PatchDeployer(a);
            List<Duration> times = new ArrayList<>();
            List<Duration> switches = new ArrayList<>();
            List<Double> perEnd = new ArrayList<>();
            String lastPatchCpu = "";
            List<TrafficCheck> checks = new ArrayList<>();
            for (int i = 0; i < channels; i++) {
                checks.add(new TrafficCheck());
            }
            for (int p = 0; p < patches; p++) {
                send(ours, p);
                Path variant = config.pluginsDir().resolve(jar.getFileName().toString()
                        .replace(".jar", "-scale" + p + ".jar"));
                JarVariant.write(jar, "scale patch " + p, variant);
                variantsTrusted.add(variant);
                ThreadCpu threadsBefore = ThreadCpu.now();
                long cpuBefore = processCpuNanos();
                long start = System.nanoTime();
                PatchResult result = deployer.deploy(variant);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
                String where = ThreadCpu.describe(ThreadCpu.now().since(threadsBefore, cpuSeconds));
                lastPatchCpu = String.format("%.2f s%s", cpuSeconds, where.isEmpty() ? "" : ": " + where);
                times.add(took);
                Duration switched = result == null ? Duration.ZERO : result.switched();
                switches.add(switched);
                long committed = result == null ? 0 : result.migrations().stream()
                        .filter(r -> r.outcome() == MigrationOutcome.COMMITTED).count();
                // The message of this patch is read before memory is counted: what an application has not yet
                // received is its data, not what an idle channel costs.
                receive(theirs, checks, p + 1);
                perEnd.add((LiveMemory.footprint() - before) / (2.0 * channels));
                out.printf("patch %-4d  %,d of %,d channels on the new generation in %.2f s, committed in %.2f s"
                                + " (%.2f s of CPU, both hosts%s)%s; %s per channel end%n",
                        p + 1, committed, channels, switched.toNanos() / 1e9, took.toNanos() / 1e9, cpuSeconds,
                        where.isEmpty() ? "" : ": " + where, result != null && result.deployed() ? "" : " — " + (result == null
                                ? "nothing to deploy" : result.reason()), kib(perEnd.get(p)));
                out.flush();
            }
            send(ours, patches);
            receive(theirs, checks, patches + 1);
            long[] check = check(checks, patches + 1);
            Result r = new Result(channels, busy, baseline, looks, List.copyOf(perEnd), switches, times, check[0],
                    check[1], check[2], lastPatchCpu);
            out.printf("memory      live heap + direct per channel end, after patch %s%n", r.memorySeries());
            out.printf("messages    lost = %d  duplicated = %d  reordered = %d%n", r.lost(), r.duplicated(),
                    r.reordered());
            out.flush();
            return r;
        }
    }

    /** KiB with one decimal; under 1 KiB (a link that keeps its buffers in shared memory) is within the noise. */
    public static String kib(double bytes) {
        return bytes < 1024 ? "< 1 KiB" : String.format("%.1f KiB", bytes / 1024);
    }

    private static void send(List<Channel> channels, int number) {
        for (Channel c : channels) {
            c.send(ByteBuffer.allocate(4).putInt(0, number));
        }
    }

    /** Reads every channel until it has carried {@code n} messages (or 30 s passed), each recorded in its check. */
    private static void receive(List<Channel> channels, List<TrafficCheck> checks, int n) {
        for (int i = 0; i < channels.size(); i++) {
            Channel c = channels.get(i);
            TrafficCheck check = checks.get(i);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (check.received() < n && System.nanoTime() < deadline) {
                c.receive((s, m) -> check.arrived(m.order(ByteOrder.BIG_ENDIAN).getInt(m.position())), 64,
                        Duration.ofMillis(50));
            }
        }
    }

    /** Lost, duplicated and reordered messages over every channel, each expected to carry 0..n-1. */
    private static long[] check(List<TrafficCheck> checks, int n) {
        long[] counts = new long[3];
        for (TrafficCheck check : checks) {
            counts[0] += check.lost(n);
            counts[1] += check.duplicated();
            counts[2] += check.reordered();
        }
        return counts;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double cpuPercentOver(Duration window) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        return (os.getProcessCpuTime() - cpu) * 100.0 / (System.nanoTime() - start);
    }
}
