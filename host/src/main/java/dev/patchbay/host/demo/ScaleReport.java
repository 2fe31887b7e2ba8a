package dev.patchbay.host.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/** Writes what {@code patchbay scale} measured as a Markdown page, with the command that measured it. */
public final class ScaleReport {
    private ScaleReport() {
    }

    /** Writes {@code results} (one per backend) to {@code file}, saying how they were measured and on what. */
    public static void write(Path file, String command, List<ScaleRunner.Result> results, List<String> backends,
                             String loadBefore, String loadAfter, Duration healthWindow) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Scale: many idle channels\n\n");
        md.append("Written by `").append(command).append("` on ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(": do not edit by hand, run the command again.\n\n");
        md.append("Two hosts in one process, joined by N idle channels (so 2N channel ends, each with its link). "
                + "Idle CPU is the process's CPU time over the window with the channels open, beside a window of "
                + "the same length before they were opened (JVM, agents and nothing else); per host is half the "
                + "difference. Memory is the live heap (what a full collection leaves, from the JVM's class "
                + "histogram) plus direct buffers, per channel end, beyond what the process held before the "
                + "channels, after patches 1, 10, 100 and the last. A patch is a new generation of the backend's "
                + "jar (the same code under another hash) deployed as the watcher would; every channel carries one "
                + "numbered message before and after each patch, each read before memory is counted and all "
                + "checked at the end.\n\n");
        md.append(String.format("Where a patch's time goes: the canary channel moves first and all the way to its "
                + "commit, so it waits out its health window (%d ms here); meanwhile the others open their new "
                + "links, 32 at a time, and they switch to them when the canary commits (had it failed, they would "
                + "have been aborted without switching). *On the new generation* is the time from the patch's "
                + "start until every channel writes on its new link; *committed* until every one has also waited "
                + "out its health window (side by side, on timers, not one thread each) and committed, so it is at "
                + "least two windows. Each step on the peer's side waits until an agent looks at that idle "
                + "channel: at once when its link gives a descriptor or a futex word to wait on (fifo, pipe, shm "
                + "with wait=futex), else within 250 ms; every millisecond while it opens and switches, every 10 ms "
                + "while it holds a new link it has not switched to and in its health window. Looks "
                + "counts how often the agents of both hosts read an idle channel's link (for shm with wait=futex "
                + "every 10 s per channel end, a safety net beside the peer's pidfd).%n%n",
                healthWindow.toMillis()));
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs; load average ")
                .append(loadBefore).append(" before, ").append(loadAfter).append(" after. On two shared cores the "
                + "CPU figures carry the other processes' noise and the patch times their waits for a core. "
                + "Runtime folder: " + RuntimeFolderInfo.describe() + "; fifo links make and remove their fifos "
                + "and owner files there at every patch, which on a disk filesystem costs inode allocation under "
                + "the folder's lock (set `PATCHBAY_RUNTIME_DIR` to a folder on tmpfs where `XDG_RUNTIME_DIR` is "
                + "not set).\n\n");
        md.append("| backend | channels | idle CPU, both hosts | without channels | per host, over the baseline "
                + "| looks a second | per channel end, after patch | on the new generation | committed "
                + "| lost / duplicated / reordered |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < results.size(); i++) {
            ScaleRunner.Result r = results.get(i);
            md.append(String.format("| %s | %,d | %.2f %% | %.2f %% | %.2f %% | %,.0f | %s | %s | %s "
                            + "| %d / %d / %d |%n",
                    backends.get(i), r.channels(), r.idleCpuPercent(), r.baselineCpuPercent(),
                    Math.max(0, r.idleCpuPercent() - r.baselineCpuPercent()) / 2, r.looksPerSecond(),
                    r.memorySeries(), seconds(r.switchTimes()), seconds(r.patchTimes()), r.lost(), r.duplicated(),
                    r.reordered()));
        }
        md.append("\nWhere the last patch's CPU went (both hosts, seconds, per kind of thread from /proc/self/task; "
                + "each patch loads new classes, which the JIT compiles anew, and opens new links, which the "
                + "module-call threads do):\n\n");
        for (int i = 0; i < results.size(); i++) {
            md.append("- ").append(backends.get(i)).append(": ").append(results.get(i).lastPatchCpu()).append('\n');
        }
        md.append("\nTargets (issue: channel core for many channels): < 1 % of a core per host for 1,000 idle "
                + "channels, < 1 s to move them all to the new generation, ≤ 64 KiB per channel end and flat over "
                + "100 patches.\n");
        Files.writeString(file, md.toString());
    }

    private static String seconds(List<Duration> times) {
        if (times.size() <= 3) {
            return times.stream().map(t -> String.format("%.2f s", t.toNanos() / 1e9))
                    .collect(Collectors.joining(", "));
        }
        long[] sorted = times.stream().mapToLong(Duration::toNanos).sorted().toArray();
        return String.format("p50 %.2f s, max %.2f s (%d patches)", sorted[sorted.length / 2] / 1e9,
                sorted[sorted.length - 1] / 1e9, sorted.length);
    }
}
