package dev.patchbay.host.pool;

/**
 * How a pool runs.
 *
 * @param workers how many worker processes
 * @param tasks   how many tasks in all (ids 0 to tasks - 1)
 * @param work    rounds of computation per task (its cost)
 * @param window  most tasks outstanding at one worker
 * @param rate    tasks per second to hand out, on a fixed schedule; 0 as fast as the workers take them
 * @param balance how the next worker is picked
 */
public record PoolOptions(int workers, long tasks, int work, int window, long rate, Balance balance) {
    public PoolOptions {
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("workers=" + workers + " must be between 1 and 64");
        }
        if (tasks < 1 || tasks > TaskLedger.MAX_TASKS) {
            throw new IllegalArgumentException("tasks=" + tasks + " must be between 1 and " + TaskLedger.MAX_TASKS);
        }
        if (work < 0) {
            throw new IllegalArgumentException("work=" + work + " must not be negative");
        }
        if (window < 1 || window > 4096) {
            throw new IllegalArgumentException("window=" + window + " must be between 1 and 4096");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("rate=" + rate + " must not be negative");
        }
    }
}
