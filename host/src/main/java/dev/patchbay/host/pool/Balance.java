package dev.patchbay.host.pool;

import java.util.List;

/** How the dispatcher picks the worker for the next task, among those with room in their window. */
public enum Balance {
    /** The worker with the fewest tasks outstanding: a slow or busy worker gets less. */
    LEAST_OUTSTANDING("least-outstanding"),
    /** Each worker in turn, skipping those whose window is full. */
    ROUND_ROBIN("round-robin");

    private final String label;

    Balance(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The balance called {@code label}; an error listing the choices if none is. */
    public static Balance of(String label) {
        for (Balance b : values()) {
            if (b.label.equalsIgnoreCase(label)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown balance '" + label + "'; choose least-outstanding or round-robin");
    }

    /**
     * The worker for the next task, or null if every window is full.
     *
     * @param turn the round-robin position, advanced past the chosen worker
     */
    WorkerHandle pick(List<WorkerHandle> workers, int window, int[] turn) {
        int n = workers.size();
        WorkerHandle best = null;
        for (int i = 0; i < n; i++) {
            int index = this == ROUND_ROBIN ? Math.floorMod(turn[0] + i, n) : i;
            WorkerHandle w = workers.get(index);
            int load = w.outstandingCount();
            if (load >= window) {
                continue;
            }
            if (this == ROUND_ROBIN) {
                turn[0] = index + 1;
                return w;
            }
            if (best == null || load < best.outstandingCount()) {
                best = w;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return label;
    }
}
