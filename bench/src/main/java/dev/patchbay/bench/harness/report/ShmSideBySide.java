package dev.patchbay.bench.harness.report;

import dev.patchbay.bench.harness.result.Comparison;
import dev.patchbay.bench.harness.result.Mode;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The shared-memory suites gathered in one table: Patchbay shm over Agrona, over Aeron IPC and over the C floor,
 * for each wait, size and mode. Each ratio comes from its own suite, whose rounds alternated with Patchbay's, so it
 * is a same-run ratio even where the baselines were measured minutes apart.
 */
final class ShmSideBySide {
    /** One row group: Patchbay's wait, and the suites measuring it against each baseline ("" for none). */
    private record Wait(String label, String agrona, String aeron, String floor) {
    }

    private static final List<Wait> WAITS = List.of(
            new Wait("backoff", "shm", "shm-aeron", "shm-floor"),
            new Wait("spin", "shm-spin", "", "shm-spin-floor"));

    private ShmSideBySide() {
    }

    /** Appends the table, or nothing if no shared-memory suite was measured. */
    static void append(StringBuilder md, List<Comparison> comparisons) {
        StringBuilder rows = new StringBuilder();
        for (Wait wait : WAITS) {
            TreeSet<Integer> sizes = new TreeSet<>();
            comparisons.stream().filter(c -> c.measured() && inGroup(wait, c.backend()))
                    .forEach(c -> sizes.add(c.size()));
            for (int size : sizes) {
                for (Mode mode : Mode.values()) {
                    rows.append("| ").append(wait.label()).append(" | ").append(Figures.size(size)).append(" | ")
                            .append(mode.label()).append(" | ")
                            .append(cell(comparisons, wait.agrona(), size, mode)).append(" | ")
                            .append(cell(comparisons, wait.aeron(), size, mode)).append(" | ")
                            .append(cell(comparisons, wait.floor(), size, mode)).append(" |\n");
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("### Shared memory side by side\n\n");
        md.append("Patchbay shm over each baseline on separate CPUs, the median ratio of each suite (the baseline's"
                + " own figure in brackets). The C floor drives the shm backend's own ring layout from C with"
                + " nothing on top: what is left between Patchbay and it is the cost of the Java link.\n\n");
        md.append("| wait | size | mode | vs Agrona | vs Aeron IPC | vs C floor |\n|---|---|---|---|---|---|\n");
        md.append(rows).append('\n');
    }

    private static boolean inGroup(Wait wait, String backend) {
        return backend.equals(wait.agrona()) || backend.equals(wait.aeron()) || backend.equals(wait.floor());
    }

    private static String cell(List<Comparison> comparisons, String backend, int size, Mode mode) {
        Optional<Comparison> found = comparisons.stream()
                .filter(c -> c.measured() && c.backend().equals(backend) && c.size() == size && c.mode() == mode)
                .findFirst();
        return found.map(c -> Figures.ratio(c.ratio().median()) + " (" + (mode == Mode.THROUGHPUT
                ? Figures.count(c.baselineSpread().median()) + " msg/s"
                : Figures.micros(c.baselineSpread().median()) + " µs") + ")").orElse("—");
    }
}
