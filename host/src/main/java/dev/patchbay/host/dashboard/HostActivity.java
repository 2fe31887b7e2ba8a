package dev.patchbay.host.dashboard;

import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelEvents;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.module.TransportRef;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the host's channels went through, heard as {@link ChannelEvents}: the timeline of swaps, patches and
 * rollbacks with the pause of each, migrations counted by outcome, and the pause histogram.
 */
final class HostActivity implements ChannelEvents {
    /** A browser redraws the whole timeline twice a second: the latest few hundred are what a person reads. */
    private static final int KEEP = 300;

    private final long start;
    private final Deque<Map<String, Object>> timeline = new ArrayDeque<>();
    private final Map<MigrationOutcome, AtomicLong> outcomes = new EnumMap<>(MigrationOutcome.class);
    private final PauseHistogram pauses = new PauseHistogram();

    HostActivity(long start) {
        this.start = start;
        for (MigrationOutcome o : MigrationOutcome.values()) {
            outcomes.put(o, new AtomicLong());
        }
    }

    @Override
    public void migrationEnded(Channel channel, MigrationReport report, TransportRef target) {
        outcomes.get(report.outcome()).incrementAndGet();
        if (report.switchNanos() > 0) {
            pauses.observe(report.switchNanos() / 1e9);
        }
        String from = module(report.from());
        String to = module(report.to());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("t", seconds());
        entry.put("what", kind(report, from, to));
        entry.put("channel", report.channel());
        entry.put("from", from);
        entry.put("to", to);
        entry.put("outcome", report.outcome().toString().toLowerCase().replace('_', ' '));
        entry.put("pauseMs", report.switchNanos() / 1e6);
        entry.put("reason", report.reason());
        add(entry);
    }

    /** Something else worth a line on the timeline (a worker killed, a patch rejected). */
    void note(String what, String text) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("t", seconds());
        entry.put("what", what);
        entry.put("text", text);
        add(entry);
    }

    private synchronized void add(Map<String, Object> entry) {
        timeline.addLast(entry);
        if (timeline.size() > KEEP) {
            timeline.removeFirst();
        }
    }

    synchronized List<Map<String, Object>> timeline() {
        return List.copyOf(timeline);
    }

    long migrations(MigrationOutcome outcome) {
        return outcomes.get(outcome).get();
    }

    PauseHistogram pauses() {
        return pauses;
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** A rollback first; otherwise a move within one backend is a patch, between two a swap. */
    private static String kind(MigrationReport report, String from, String to) {
        if (report.outcome() == MigrationOutcome.ROLLED_BACK) {
            return "rollback";
        }
        return scheme(from).equals(scheme(to)) ? "patch" : "swap";
    }

    /** "fifo:c1-123-4 (fifo@1.0.0)" becomes "fifo@1.0.0": the fresh link names say nothing to a reader. */
    static String module(String leg) {
        int open = leg.lastIndexOf(" (");
        return open > 0 && leg.endsWith(")") ? leg.substring(open + 2, leg.length() - 1) : leg;
    }

    private static String scheme(String module) {
        int at = module.indexOf('@');
        return at > 0 ? module.substring(0, at) : module;
    }
}
