package dev.patchbay.host.examples;

import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.managed.ManagedSegment;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code patchbay example counter}: Python's {@code multiprocessing.Value}, {@code Array} and {@code Structure}
 * lesson across JVMs. K processes increment one shared counter and update one shared struct, first without a lock
 * (updates are lost), then under the struct's robust mutex (exact), then with one process killed while it holds
 * the mutex (the next holder gets EOWNERDEAD, undoes the half-done update, and the total is still exact). Then the
 * same in a managed segment, where the processes meet at named objects. Both segments are removed at the end.
 */
public final class CounterExample {
    private static final long MANAGED_SIZE = 64 << 10;

    private final PrintWriter out;
    private final Path pluginsDir;
    private final int processes;
    private final long increments;
    private final Duration timeout;

    /**
     * @param pluginsDir passed on to the child JVMs (the lesson loads no plugin)
     * @param timeout    how long a child may take to start, and a round to finish
     */
    public CounterExample(PrintWriter out, Path pluginsDir, int processes, long increments, Duration timeout) {
        if (processes < 2 || processes > 16) {
            throw new IllegalArgumentException("processes=" + processes + " must be between 2 and 16");
        }
        if (increments < 2 || increments > 100_000_000) {
            throw new IllegalArgumentException("increments=" + increments + " must be between 2 and 100000000");
        }
        this.out = out;
        this.pluginsDir = pluginsDir;
        this.processes = processes;
        this.increments = increments;
        this.timeout = timeout;
    }

    /** Runs every round; returns the results, in order. */
    public List<CounterResult> run() throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        String fixedName = "example-counter-" + pid;
        String managedName = "example-managed-" + pid;
        List<CounterResult> results = new ArrayList<>();
        out.printf("Patchbay shared typed data: %d processes, %,d increments each, one counter and one struct%n%n",
                processes, increments);
        out.printf("fixed layout: a struct (with its robust mutex) and an int64[%d] at known offsets in %s%n",
                processes, where(fixedName));
        results.addAll(fixedRounds(fixedName, List.of(CounterPhase.values())));
        out.println();
        out.printf("managed segment %s: the processes meet at \"%s\" and \"%s\" with findOrConstruct%n",
                where(managedName), CounterCells.STATS_NAME, CounterCells.PER_PROCESS_NAME);
        results.addAll(managedRounds(managedName, List.of(CounterPhase.values())));
        out.println();
        for (String name : List.of(fixedName, managedName)) {
            out.printf("removed   %s%s%n", where(name), Files.exists(shmFile(name)) ? " (STILL THERE)" : "");
        }
        out.flush();
        return results;
    }

    /**
     * One killed-holder round in a segment of its own called {@code segment} (fixed offsets, or named objects in a
     * managed segment), removed at the end: how the fault suite kills robust-lock holders again and again.
     */
    public CounterResult holderKilled(String segment, boolean managed) throws IOException, InterruptedException {
        List<CounterPhase> killed = List.of(CounterPhase.HOLDER_KILLED);
        return (managed ? managedRounds(segment, killed) : fixedRounds(segment, killed)).get(0);
    }

    private List<CounterResult> fixedRounds(String name, List<CounterPhase> phases)
            throws IOException, InterruptedException {
        List<CounterResult> results = new ArrayList<>();
        try (Segment segment = Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW,
                CounterCells.fixedSize(processes)))) {
            for (CounterPhase phase : phases) {
                CounterCells cells = CounterCells.createFixed(segment, processes);
                results.add(round(false, name, phase, () -> cells));
            }
        }
        return results;
    }

    private List<CounterResult> managedRounds(String name, List<CounterPhase> phases)
            throws IOException, InterruptedException {
        List<CounterResult> results = new ArrayList<>();
        try (ManagedSegment managed = ManagedSegment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW,
                MANAGED_SIZE))) {
            for (CounterPhase phase : phases) {
                results.add(round(true, name, phase, () -> CounterCells.meet(managed, processes)));
                // The next round's processes make them anew: whoever comes first constructs, the others find.
                managed.destroy(CounterCells.STATS_NAME);
                managed.destroy(CounterCells.PER_PROCESS_NAME);
            }
        }
        return results;
    }

    private CounterResult round(boolean managed, String segment, CounterPhase phase, CellsSource source)
            throws IOException, InterruptedException {
        List<ChildProcess> children = new ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                CounterChild child = new CounterChild(managed, segment, phase, i, processes, increments);
                List<String> args = new ArrayList<>(List.of("example-worker", "counter"));
                args.addAll(List.of(child.arguments()));
                children.add(ChildProcess.start(pluginsDir, args.toArray(String[]::new)));
            }
            for (ChildProcess c : children) {
                c.awaitLine("READY", timeout);
            }
            // Everyone is attached (and, managed, the objects exist): start them together, so they contend.
            CounterCells cells = source.cells();
            String killed = "";
            long recoveryNanos = 0;
            if (phase == CounterPhase.HOLDER_KILLED) {
                cells.stats().setInt(CounterCells.GO, 1);
                ChildProcess holder = children.get(0);
                holder.awaitLine("HOLDING", timeout);
                cells.stats().setInt(CounterCells.GO, 2);
                long killedAt = System.nanoTime();
                holder.kill();
                recoveryNanos = awaitRecovery(cells, killedAt);
                holder.awaitExit(timeout);
                killed = String.format("%n  %-14s pid %d took the lock first and was killed with SIGKILL half-way"
                        + " through an update, the others queueing for the lock", "", holder.pid());
            }
            cells.stats().setInt(CounterCells.GO, 2);
            for (int i = phase == CounterPhase.HOLDER_KILLED ? 1 : 0; i < processes; i++) {
                int status = children.get(i).awaitExit(timeout);
                if (status != 0) {
                    throw new ExampleException("counter process " + children.get(i).pid() + " exited with status "
                            + status);
                }
            }
            cells.repairOnOwnerDied();
            CounterResult r = new CounterResult(phase, managed, cells.lockedCounter(), cells.completed(),
                    cells.stats().getInt(CounterCells.RECOVERED), cells.stats().getLong(CounterCells.RECOVERED_BY),
                    recoveryNanos);
            print(r, killed);
            return r;
        } finally {
            children.forEach(ChildProcess::close);
        }
    }

    /**
     * Watches the struct (without its lock) until a process has undone the dead holder's half update; returns the
     * nanoseconds since the kill, or 0 if nobody did within the timeout (the result then says it is not exact).
     */
    private long awaitRecovery(CounterCells cells, long killedAt) {
        long deadline = killedAt + timeout.toNanos();
        while (cells.stats().getInt(CounterCells.RECOVERED) == 0) {
            if (System.nanoTime() > deadline) {
                return 0;
            }
            LockSupport.parkNanos(50_000);
        }
        return System.nanoTime() - killedAt;
    }

    private void print(CounterResult r, String killed) {
        String verdict;
        if (r.phase() == CounterPhase.UNLOCKED) {
            verdict = r.lost() == 0 ? "no update lost this time (the race is real: run with more --increments)"
                    : String.format("%,d updates LOST (one process's write overwrote another's)", r.lost());
        } else if (r.exact()) {
            verdict = r.phase() == CounterPhase.HOLDER_KILLED
                    ? "exact: the next holder got EOWNERDEAD and undid the half update"
                    + (r.recoveredBy() == ProcessHandle.current().pid() ? " (this process, reading the total)"
                    : " (pid " + r.recoveredBy() + ")") : "exact";
        } else {
            verdict = String.format("NOT EXACT (%,d lost, %d recovered)", r.lost(), r.recovered());
        }
        out.printf("  %-14s counter %,12d of %,12d  %s%s%n", r.phase().label(), r.counter(), r.completed(), verdict,
                killed);
        out.flush();
    }

    private static String where(String name) {
        return shmFile(name) + " (0600)";
    }

    private static Path shmFile(String name) {
        return Path.of("/dev/shm", Names.posixName(name).substring(1));
    }

    /** Where a round finds its cells once every process is attached. */
    @FunctionalInterface
    private interface CellsSource {
        CounterCells cells();
    }
}
