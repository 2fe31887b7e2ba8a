package dev.patchbay.host.pool;

/**
 * The pool's account.
 *
 * @param tasks      tasks in the run
 * @param sent       distinct tasks handed out (a reassigned task counts once)
 * @param returned   distinct tasks that came back
 * @param lost       tasks that never came back
 * @param duplicated results beyond the first for a task
 * @param wrong      results with a wrong value or an unknown task id
 * @param reassigned tasks handed out again because their worker died holding them
 * @param respawned  workers spawned to replace dead ones
 * @param seconds    from the first task handed out to the last result (or now)
 */
public record PoolSummary(long tasks, long sent, long returned, long lost, long duplicated, long wrong,
                          long reassigned, int respawned, double seconds) {
    /** Every task came back exactly once, with the right answer. */
    public boolean clean() {
        return lost == 0 && duplicated == 0 && wrong == 0;
    }

    /** Tasks per second over the run. */
    public double rate() {
        return seconds <= 0 ? 0 : returned / seconds;
    }
}
