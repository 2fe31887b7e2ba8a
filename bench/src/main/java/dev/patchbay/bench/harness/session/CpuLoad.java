package dev.patchbay.bench.harness.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How busy the machine was with work that is not the harness's own: CPU time the kernel counted as busy
 * ({@code /proc/stat}) minus the CPU time of this launcher and every process it started ({@code /proc/<pid>/stat}),
 * and the time the hypervisor gave this machine's CPUs to someone else (steal). A round taken while another
 * program ran is not a figure of the contenders.
 */
public final class CpuLoad {
    /** Kernel ticks per second in /proc ({@code getconf CLK_TCK}, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    private CpuLoad() {
    }

    /**
     * One reading.
     *
     * @param nanos      when it was taken ({@link System#nanoTime()})
     * @param busyTicks  busy ticks of all CPUs since boot (user, nice, system, irq, softirq)
     * @param stealTicks ticks the hypervisor ran something else since boot
     * @param ownTicks   user and system ticks of each of the harness's processes, by pid
     */
    public record Reading(long nanos, long busyTicks, long stealTicks, Map<Long, Long> ownTicks) {
        public Reading {
            ownTicks = Map.copyOf(ownTicks);
        }
    }

    /**
     * The load between two readings, in CPUs (0.25 = a quarter of one CPU on average).
     *
     * @param foreign CPU used by processes other than the harness's (and by the kernel on their behalf)
     * @param steal   CPU the hypervisor took away
     */
    public record Interval(double foreign, double steal) {
    }

    /** Reads the counters now. */
    public static Reading read() {
        long[] cpu = systemTicks();
        Map<Long, Long> own = new HashMap<>();
        ProcessHandle self = ProcessHandle.current();
        Stream.concat(Stream.of(self), self.descendants()).forEach(p -> {
            long ticks = processTicks(p.pid());
            if (ticks >= 0) {
                own.put(p.pid(), ticks);
            }
        });
        return new Reading(System.nanoTime(), cpu[0], cpu[1], own);
    }

    /** The load from {@code before} to {@code after}. */
    public static Interval between(Reading before, Reading after) {
        double seconds = Math.max(1e-3, (after.nanos() - before.nanos()) / 1e9);
        long ownDelta = 0;
        for (Map.Entry<Long, Long> e : after.ownTicks().entrySet()) {
            // A process started in between spent all its time inside the interval.
            ownDelta += e.getValue() - before.ownTicks().getOrDefault(e.getKey(), 0L);
        }
        long foreign = Math.max(0, after.busyTicks() - before.busyTicks() - ownDelta);
        long steal = Math.max(0, after.stealTicks() - before.stealTicks());
        return new Interval(foreign / TICKS_PER_SECOND / seconds, steal / TICKS_PER_SECOND / seconds);
    }

    /** {busy, steal} ticks of all CPUs, from the first line of /proc/stat; zeros when unreadable. */
    private static long[] systemTicks() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            String[] f = lines.findFirst().orElse("cpu").trim().split(" +");
            if (f.length < 9) {
                return new long[2];
            }
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) {
                busy += Long.parseLong(f[i]);
            }
            return new long[] {busy, Long.parseLong(f[8])};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    /** User plus system ticks of a process (all its threads); -1 when it is gone. */
    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces and parentheses: count fields from the last ')'.
            List<String> f = List.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +"));
            return Long.parseLong(f.get(11)) + Long.parseLong(f.get(12));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
