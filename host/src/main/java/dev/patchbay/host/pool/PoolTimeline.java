package dev.patchbay.host.pool;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** The pool's events (starts, kills, respawns, swaps, patches) for the dashboard: the latest few hundred. */
final class PoolTimeline {
    private static final int KEEP = 500;

    private final Deque<Map<String, Object>> events = new ArrayDeque<>();

    synchronized void add(double t, String what, String text) {
        events.addLast(Map.of("t", t, "what", what, "text", text));
        if (events.size() > KEEP) {
            events.removeFirst();
        }
    }

    synchronized List<Map<String, Object>> snapshot() {
        return List.copyOf(events);
    }
}
