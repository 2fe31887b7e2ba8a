package dev.patchbay.host.dashboard;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelCounters;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.module.ModuleInfo;
import dev.patchbay.host.module.TransportRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The host as the page and {@code /api/state} show it, one JSON object: its channels (backend, generation, counts
 * and rates each way), its module generations with the channels on each, migrations by outcome, the timeline, and
 * whatever the running command adds (the demo's totals, the pool's workers).
 */
final class HostState {
    private HostState() {
    }

    static Map<String, Object> of(Patchbay host, String title, HostActivity activity, ChannelRates rates,
                                  Map<String, Object> extra) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("title", title);
        state.put("t", activity.seconds());
        List<Channel> open = host.channels();
        rates.keepOnly(new HashSet<>(open));
        Map<Long, TreeSet<String>> users = new TreeMap<>();
        List<Map<String, Object>> channels = new ArrayList<>();
        for (Channel c : open) {
            channels.add(channel(c, rates.of(c)));
            for (TransportRef ref : c.transportsInUse()) {
                users.computeIfAbsent(ref.module().generation(), g -> new TreeSet<>()).add(c.name());
            }
        }
        state.put("channels", channels);
        List<Map<String, Object>> modules = new ArrayList<>();
        for (ModuleInfo m : host.modules().list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("generation", m.generation());
            row.put("label", m.label());
            row.put("kind", m.kind());
            row.put("schemes", m.schemes());
            row.put("state", m.state().toString().toLowerCase());
            row.put("channels", List.copyOf(users.getOrDefault(m.generation(), new TreeSet<>())));
            modules.add(row);
        }
        state.put("modules", modules);
        Map<String, Object> migrations = new LinkedHashMap<>();
        migrations.put("committed", activity.migrations(MigrationOutcome.COMMITTED));
        migrations.put("rolledBack", activity.migrations(MigrationOutcome.ROLLED_BACK));
        migrations.put("aborted", activity.migrations(MigrationOutcome.ABORTED));
        state.put("migrations", migrations);
        state.put("timeline", activity.timeline());
        state.putAll(extra);
        return state;
    }

    private static Map<String, Object> channel(Channel c, ChannelRates.Rate rate) {
        ChannelCounters n = c.counters();
        TransportRef ref = c.transport();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", c.name());
        row.put("state", c.state().toString().toLowerCase());
        row.put("backend", ref.transport().scheme());
        row.put("module", ref.module().label());
        row.put("generation", ref.module().generation());
        row.put("messagesOut", n.messagesSent());
        row.put("messagesIn", n.messagesReceived());
        row.put("bytesOut", n.bytesSent());
        row.put("bytesIn", n.bytesReceived());
        row.put("messagesPerSecondOut", Math.round(rate.messagesOut()));
        row.put("messagesPerSecondIn", Math.round(rate.messagesIn()));
        row.put("bytesPerSecondOut", Math.round(rate.bytesOut()));
        row.put("bytesPerSecondIn", Math.round(rate.bytesIn()));
        row.put("migrationsCommitted", n.migrationsCommitted());
        row.put("duplicatesDropped", n.duplicatesDropped());
        return row;
    }
}
