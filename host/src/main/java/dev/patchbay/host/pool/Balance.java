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
     * The worker for the next task, or null if every window is full. Both policies look at the workers starting
     * from {@code turn}, so that least-outstanding breaks ties in turn rather than always by the first worker.
     *
     * @param turn where to start looking; advanced past the chosen worker
     */
    WorkerHandle pick(List<WorkerHandle> workers, int window, int[] turn) {
        int n = workers.size();
        WorkerHandle best = null;
        int bestIndex = -1;
        for (int i = 0; i < n; i++) {
            int index = Math.floorMod(turn[0] + i, n);
            WorkerHandle w = workers.get(index);
            int load = w.outstandingCount();
            if (load >= window || (best != null && load >= best.outstandingCount())) {
                continue;
            }
            best = w;
            bestIndex = index;
            if (this == ROUND_ROBIN) {
                break;
            }
        }
        if (best != null) {
            turn[0] = bestIndex + 1;
        }
        return best;
    }

    @Override
    public String toString() {
        return label;
    }
}
