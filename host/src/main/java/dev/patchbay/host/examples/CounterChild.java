package dev.patchbay.host.examples;

import dev.patchbay.sharedmem.managed.ManagedSegment;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.SharedMutex;

import java.io.PrintStream;
import java.util.concurrent.locks.LockSupport;

/**
 * One process of the counter lesson: attaches to the cells (at fixed offsets, or by name in a managed segment),
 * says READY, waits for the start line, then increments. In the killed round, process 0 goes first, takes the
 * mutex and stops half-way through an update, saying HOLDING; then the others start and queue for the mutex, and
 * the parent kills the holder.
 *
 * @param managed    true to meet at names in a managed segment
 * @param segment    the segment's name
 * @param phase      the round
 * @param index      this process's slot in the per-process array
 * @param processes  how many take part
 * @param increments how many each makes
 */
public record CounterChild(boolean managed, String segment, CounterPhase phase, int index, int processes,
                           long increments) {

    /** The arguments that make {@link #parse} give this child back. */
    String[] arguments() {
        return new String[] {managed ? "managed" : "fixed", segment, phase.name(), Integer.toString(index),
                Integer.toString(processes), Long.toString(increments)};
    }

    /** The child from its command-line arguments. */
    public static CounterChild parse(java.util.List<String> args) {
        if (args.size() != 6) {
            throw new IllegalArgumentException("counter child takes 6 arguments, got " + args);
        }
        return new CounterChild(args.get(0).equals("managed"), args.get(1), CounterPhase.valueOf(args.get(2)),
                Integer.parseInt(args.get(3)), Integer.parseInt(args.get(4)), Long.parseLong(args.get(5)));
    }

    /** The holder of the killed round, which never completes an increment. */
    boolean holds() {
        return phase == CounterPhase.HOLDER_KILLED && index == 0;
    }

    /** Runs this child, telling the parent on {@code out} where it is. */
    public void run(PrintStream out) {
        SegmentSpec spec = SegmentSpec.posix(segment, OpenMode.OPEN_EXISTING, 0);
        if (managed) {
            try (ManagedSegment m = ManagedSegment.open(spec)) {
                work(CounterCells.meet(m, processes), out);
            }
        } else {
            try (Segment s = Segment.open(spec)) {
                work(CounterCells.attachFixed(s, processes), out);
            }
        }
    }

    private void work(CounterCells cells, PrintStream out) {
        cells.repairOnOwnerDied();
        cells.stats().getAndAddInt(CounterCells.READY, 1);
        out.println("READY");
        out.flush();
        // The start line: 1 lets the holder of the killed round go, 2 everyone else.
        int start = holds() ? 1 : 2;
        while (cells.stats().getInt(CounterCells.GO) < start) {
            LockSupport.parkNanos(20_000);
        }
        long pid = ProcessHandle.current().pid();
        if (holds()) {
            holdForever(cells, out);
        }
        for (long i = 0; i < increments; i++) {
            if (phase == CounterPhase.UNLOCKED) {
                // Read, add, write: another process's write between the two is overwritten, an update lost.
                long c = cells.stats().getLong(CounterCells.COUNTER);
                cells.stats().setLong(CounterCells.COUNTER, c + 1);
            } else {
                cells.stats().withLock(() -> update(cells, pid, false));
            }
            cells.perProcess().getAndAddLong(index, 1);
        }
        out.println("DONE " + increments);
        out.flush();
    }

    /**
     * One update of several fields that must appear whole; {@code pending} marks it half done so that the next
     * holder can undo it if this process dies in the middle.
     */
    private static void update(CounterCells cells, long pid, boolean stopHalfWay) {
        var s = cells.stats();
        long before = s.getLong(CounterCells.COUNTER);
        s.setLong(CounterCells.BEFORE, before);
        s.setInt(CounterCells.PENDING, 1);
        s.setLong(CounterCells.COUNTER, before + 1);
        if (stopHalfWay) {
            return;
        }
        s.setLong(CounterCells.LAST_PID, pid);
        s.setInt(CounterCells.PENDING, 0);
    }

    private static void holdForever(CounterCells cells, PrintStream out) {
        SharedMutex mutex = cells.stats().lock().orElseThrow();
        mutex.lock();
        update(cells, ProcessHandle.current().pid(), true);
        out.println("HOLDING");
        out.flush();
        while (true) {
            LockSupport.park();
        }
    }
}
