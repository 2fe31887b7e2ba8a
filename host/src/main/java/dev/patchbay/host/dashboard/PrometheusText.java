package dev.patchbay.host.dashboard;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelCounters;
import dev.patchbay.host.channel.MigrationOutcome;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code /metrics} in the Prometheus text exposition format (version 0.0.4), written out directly: a handful of
 * families do not need a client library on the class path.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusText() {
    }

    static String of(Patchbay host, HostActivity activity) {
        PrometheusText text = new PrometheusText();
        List<Channel> channels = host.channels();
        text.family("patchbay_channel_messages_total", "counter", "Messages a channel carried, by direction.");
        for (Channel c : channels) {
            ChannelCounters n = c.counters();
            text.sample("patchbay_channel_messages_total", channelLabels(c, "sent"), n.messagesSent());
            text.sample("patchbay_channel_messages_total", channelLabels(c, "received"), n.messagesReceived());
        }
        text.family("patchbay_channel_bytes_total", "counter", "Payload bytes a channel carried, by direction.");
        for (Channel c : channels) {
            ChannelCounters n = c.counters();
            text.sample("patchbay_channel_bytes_total", channelLabels(c, "sent"), n.bytesSent());
            text.sample("patchbay_channel_bytes_total", channelLabels(c, "received"), n.bytesReceived());
        }
        text.family("patchbay_migrations_total", "counter", "Migrations that ended, by outcome.");
        for (MigrationOutcome o : MigrationOutcome.values()) {
            text.sample("patchbay_migrations_total", "outcome=\"" + o.toString().toLowerCase() + "\"",
                    activity.migrations(o));
        }
        text.histogram("patchbay_migration_pause_seconds", "From sending SWITCH to the peer's SWITCH: the pause a"
                + " migration cost its channel.", activity.pauses());
        text.family("patchbay_channels_open", "gauge", "Channels open now.");
        text.sample("patchbay_channels_open", "", channels.size());
        text.family("patchbay_channel_info", "gauge", "The backend and module generation each channel is on now.");
        for (Channel c : channels) {
            text.sample("patchbay_channel_info", "channel=\"" + escape(c.name()) + "\",backend=\""
                    + escape(c.transport().transport().scheme()) + "\",module=\""
                    + escape(c.transport().module().label()) + "\"", 1);
        }
        return text.out.toString();
    }

    /**
     * No backend label on the counters: a channel's count goes on across swaps, and a label that changed with each
     * would start a new series every time ({@code patchbay_channel_info} says where each channel is now).
     */
    private static String channelLabels(Channel c, String direction) {
        return "channel=\"" + escape(c.name()) + "\",direction=\"" + direction + "\"";
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    private void histogram(String name, String help, PauseHistogram h) {
        family(name, "histogram", help);
        long[] counts = h.cumulative();
        for (int i = 0; i < PauseHistogram.BOUNDS.length; i++) {
            sample(name + "_bucket", "le=\"" + number(PauseHistogram.BOUNDS[i]) + "\"", counts[i]);
        }
        sample(name + "_bucket", "le=\"+Inf\"", counts[counts.length - 1]);
        sample(name + "_sum", "", h.sum());
        sample(name + "_count", "", counts[counts.length - 1]);
    }

    /** Whole numbers without a fraction, the rest in plain decimals: {@code 0.0001}, not {@code 1.0E-4}. */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : BigDecimal.valueOf(v).toPlainString();
    }

    /** Label values escape backslash, double quote and newline. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
