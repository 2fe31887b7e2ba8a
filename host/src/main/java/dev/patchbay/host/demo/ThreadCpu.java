package dev.patchbay.host.demo;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This process's CPU time per kind of thread, read from {@code /proc/self/task} (Linux; elsewhere nothing is read),
 * so that a scale run can say where a patch's CPU went: the JIT compiling the new generation's classes, the
 * module-call threads opening its links, the agents, and so on. The JVM's own threads (compilers, GC) are invisible
 * to {@code ThreadMXBean}, which is why this reads the kernel's counters.
 */
final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** The kinds in the order they are printed; a thread's kernel name is cut to 15 characters. */
    private static final List<String[]> KINDS = List.of(
            new String[] {"JIT", "C1 CompilerThre", "C2 CompilerThre"},
            new String[] {"module calls", "patchbay-module"},
            new String[] {"agents", "patchbay-agent-"},
            new String[] {"migrations", "patchbay-migrat"},
            new String[] {"GC", "GC Thread#", "G1 ", "VM Thread"});
    private static final String OTHER = "other";

    /** USER_HZ, the unit of those counters: 100 on every Linux architecture the JVM runs on. */
    private static final double TICKS_PER_SECOND = 100;

    /** One thread's kernel name and CPU so far, in ticks. */
    private record Sample(String name, long ticks) {
    }

    /** By thread id; the name tells a reused id from the thread that had it before. */
    private final Map<String, Sample> byThread;

    private ThreadCpu(Map<String, Sample> byThread) {
        this.byThread = byThread;
    }

    /** The CPU each thread alive now has used so far. */
    static ThreadCpu now() {
        Map<String, Sample> samples = new HashMap<>();
        if (Files.isDirectory(TASKS)) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
                for (Path task : tasks) {
                    readTask(task, samples);
                }
            } catch (IOException e) {
                // The breakdown is an explanation, not a measurement anybody depends on: without it, print none.
                samples.clear();
            }
        }
        return new ThreadCpu(samples);
    }

    private static void readTask(Path task, Map<String, Sample> samples) {
        String stat;
        try {
            stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
            return; // the thread ended meanwhile
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return;
        }
        String name = stat.substring(open + 1, close);
        // After the name: state, ppid, ..., utime is the 12th field and stime the 13th (proc(5), counted from 1).
        String[] fields = stat.substring(close + 2).split(" ");
        if (fields.length < 13) {
            return;
        }
        long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        samples.put(task.getFileName().toString(), new Sample(name, used));
    }

    /**
     * Seconds of CPU per kind of thread between {@code earlier} and this one, largest first; what threads that
     * ended meanwhile used, and threads of no listed kind, count as "other", taken from {@code processSeconds}.
     * Empty when nothing could be read.
     */
    Map<String, Double> since(ThreadCpu earlier, double processSeconds) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        if (byThread.isEmpty()) {
            return seconds;
        }
        Map<String, Double> byKind = new HashMap<>();
        double listed = 0;
        for (Map.Entry<String, Sample> e : byThread.entrySet()) {
            Sample now = e.getValue();
            Sample before = earlier.byThread.get(e.getKey());
            long used = now.ticks() - (before != null && before.name().equals(now.name()) ? before.ticks() : 0);
            String kind = kindOf(now.name());
            if (kind != null && used > 0) {
                double s = used / TICKS_PER_SECOND;
                byKind.merge(kind, s, Double::sum);
                listed += s;
            }
        }
        byKind.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> seconds.put(e.getKey(), e.getValue()));
        seconds.put(OTHER, Math.max(0, processSeconds - listed));
        return seconds;
    }

    /** {@code JIT 0.91, module calls 0.80, agents 0.62, other 0.38}: seconds, two decimals. */
    static String describe(Map<String, Double> seconds) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : seconds.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(' ').append(String.format("%.2f", e.getValue()));
        }
        return sb.toString();
    }

    private static String kindOf(String threadName) {
        for (String[] kind : KINDS) {
            for (int i = 1; i < kind.length; i++) {
                if (threadName.startsWith(kind[i])) {
                    return kind[0];
                }
            }
        }
        return null;
    }
}
