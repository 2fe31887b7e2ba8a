package dev.patchbay.bench.harness.contender;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

/** Which placements this machine allows: pinning needs {@code taskset} on the PATH and, for two CPUs, two CPUs. */
public final class Placements {
    /** Every placement there is, by the name the command line uses. */
    public static final List<String> NAMES = List.of("separate", "shared", "none");

    private Placements() {
    }

    /**
     * The placements asked for, as far as this machine allows them; a placement it cannot give is replaced by
     * {@link Placement#unpinned} saying why, once.
     */
    public static List<Placement> resolve(List<String> wanted) {
        if (wanted.contains("none")) {
            return List.of(Placement.unpinned("--placement none was given"));
        }
        if (!onPath("taskset")) {
            return List.of(Placement.unpinned("taskset is not on the PATH"));
        }
        BitSet allowed = CpuAffinity.allowed(ProcessHandle.current().pid());
        int first = allowed.nextSetBit(0);
        int second = first < 0 ? -1 : allowed.nextSetBit(first + 1);
        if (first < 0) {
            return List.of(Placement.unpinned("this process's CPUs cannot be read from /proc"));
        }
        if (second < 0 && !wanted.contains("shared")) {
            return List.of(Placement.unpinned("this process may use only CPU " + first));
        }
        return wanted.stream()
                .map(name -> switch (name) {
                    case "separate" -> second < 0 ? Placement.unpinned("only CPU " + first + " is allowed")
                            : Placement.separate(first, second);
                    case "shared" -> Placement.shared(first);
                    default -> throw new IllegalArgumentException("unknown placement '" + name + "'; known: "
                            + NAMES);
                })
                .distinct()
                .toList();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, program))) {
                return true;
            }
        }
        return false;
    }
}
