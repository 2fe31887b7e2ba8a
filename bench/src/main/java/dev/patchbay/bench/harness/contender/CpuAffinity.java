package dev.patchbay.bench.harness.contender;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which CPUs a process may run on, as the kernel reports it ({@code Cpus_allowed_list} in
 * {@code /proc/<pid>/status}, or in {@code /proc/<pid>/task/<tid>/status} for each thread).
 */
public final class CpuAffinity {
    private static final String FIELD = "Cpus_allowed_list:";
    private static final String STATE = "State:";

    private CpuAffinity() {
    }

    /** The CPUs process {@code pid}'s main thread may run on; empty when the process is gone. */
    public static BitSet allowed(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "status"));
    }

    /** The CPUs any thread of process {@code pid} may run on (a JVM has dozens); empty when the process is gone. */
    public static BitSet allowedAnyThread(long pid) {
        BitSet cpus = new BitSet();
        allowedPerThread(pid).values().forEach(cpus::or);
        return cpus;
    }

    /**
     * The CPUs each live thread of process {@code pid} may run on, by thread id; empty when the process is gone. A
     * thread that ends while the threads are read is left out.
     */
    public static Map<Long, BitSet> allowedPerThread(long pid) {
        Map<Long, BitSet> threads = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                BitSet cpus = read(task.resolve("status"));
                if (!cpus.isEmpty()) {
                    threads.put(Long.parseLong(task.getFileName().toString()), cpus);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Gone, perhaps halfway through the listing: what was read stands.
        }
        return threads;
    }

    /** Empty for a thread that is gone or a zombie: neither will run again, wherever it may. */
    private static BitSet read(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(STATE) && "ZX".indexOf(line.substring(STATE.length()).strip().charAt(0)) >= 0) {
                    return new BitSet();
                }
                if (line.startsWith(FIELD)) {
                    return parse(line.substring(FIELD.length()).strip());
                }
            }
        } catch (IOException e) {
            // Gone (a thread may end while we look), or not Linux: nothing known.
        }
        return new BitSet();
    }

    /** Parses a CPU list such as {@code 0-3,6,8-9}. */
    public static BitSet parse(String list) {
        BitSet cpus = new BitSet();
        if (list.isBlank()) {
            return cpus;
        }
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).strip());
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).strip());
            cpus.set(from, to + 1);
        }
        return cpus;
    }

    /** Writes a set back as a list, e.g. {@code 0-1}; {@code "none"} when empty. */
    public static String format(BitSet cpus) {
        StringBuilder sb = new StringBuilder();
        for (int from = cpus.nextSetBit(0); from >= 0; from = cpus.nextSetBit(from)) {
            int to = cpus.nextClearBit(from) - 1;
            sb.append(sb.isEmpty() ? "" : ",").append(from).append(to > from ? "-" + to : "");
            from = to + 1;
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }
}
