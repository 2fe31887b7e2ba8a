package dev.patchbay.host.pool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pool's section of the host dashboard, one JSON object: the account and each worker (pid, module generation,
 * results, tasks/s, outstanding, channel state). The host's part (channels, generations, timeline) is the
 * dashboard's own.
 */
final class PoolState {
    private PoolState() {
    }

    /**
     * @param pool     the pool, or null while its workers start
     * @param rate     tasks/s over the last second
     * @param finished true once every task is back (or the run gave up)
     */
    static Map<String, Object> of(ProcessPool pool, PoolOptions options, double rate, boolean finished) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("rate", rate);
        state.put("finished", finished);
        PoolSummary s = pool == null ? new PoolSummary(options.tasks(), 0, 0, options.tasks(), 0, 0, 0, 0, 0)
                : pool.summary();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("tasks", s.tasks());
        summary.put("sent", s.sent());
        summary.put("returned", s.returned());
        // Until the end, a task not back is in flight, not lost.
        summary.put("inFlight", finished ? 0 : Math.max(0, s.sent() - s.returned()));
        summary.put("lost", finished ? s.lost() : 0);
        summary.put("duplicated", s.duplicated());
        summary.put("reassigned", s.reassigned());
        summary.put("respawned", s.respawned());
        state.put("summary", summary);
        List<Map<String, Object>> workers = new ArrayList<>();
        for (WorkerHandle w : pool == null ? List.<WorkerHandle>of() : pool.workers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("number", w.number());
            row.put("pid", w.pid());
            row.put("module", w.module());
            row.put("returned", w.returned());
            row.put("tasksPerSecond", w.recentTasksPerSecond());
            row.put("outstanding", pool.outstandingOf(w));
            row.put("state", w.channel().state().toString());
            workers.add(row);
        }
        state.put("workers", workers);
        return state;
    }
}
