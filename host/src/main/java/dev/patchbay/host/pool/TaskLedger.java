package dev.patchbay.host.pool;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/** How many times each task came back: the evidence that every task returned exactly once. */
final class TaskLedger {
    /** A counter per task: the ledger's memory is 4 bytes a task. */
    static final long MAX_TASKS = 50_000_000;

    private final AtomicIntegerArray returns;
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();

    TaskLedger(long tasks) {
        if (tasks < 1 || tasks > MAX_TASKS) {
            throw new IllegalArgumentException("tasks=" + tasks + " must be between 1 and " + MAX_TASKS);
        }
        this.returns = new AtomicIntegerArray((int) tasks);
    }

    /** Records a result; false if the task had come back before (a duplicate). */
    boolean returned(long id, boolean correct) {
        if (id < 0 || id >= returns.length()) {
            wrong.incrementAndGet();
            return false;
        }
        if (!correct) {
            wrong.incrementAndGet();
        }
        if (returns.getAndIncrement((int) id) == 0) {
            distinct.incrementAndGet();
            return true;
        }
        duplicated.incrementAndGet();
        return false;
    }

    long tasks() {
        return returns.length();
    }

    /** Tasks that came back at least once. */
    long distinct() {
        return distinct.get();
    }

    /** Results beyond the first for a task. */
    long duplicated() {
        return duplicated.get();
    }

    /** Results with an unknown task id or a wrong value. */
    long wrong() {
        return wrong.get();
    }
}
