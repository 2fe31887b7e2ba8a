package dev.patchbay.host.dashboard;

import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelCounters;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages and bytes per second each way, per channel, over the last second or so: every reader (the page, the
 * JSON, each event stream) asks at its own pace, so the rate is taken against a sample at least a second old
 * rather than against the previous reader's.
 */
final class ChannelRates {
    private static final long WINDOW_NANOS = 1_000_000_000L;

    /** Messages and bytes per second, sent and received. */
    record Rate(double messagesOut, double messagesIn, double bytesOut, double bytesIn) {
        static final Rate NONE = new Rate(0, 0, 0, 0);
    }

    private record Sample(long nanos, long messagesOut, long messagesIn, long bytesOut, long bytesIn) {
        static Sample of(ChannelCounters c) {
            return new Sample(System.nanoTime(), c.messagesSent(), c.messagesReceived(), c.bytesSent(),
                    c.bytesReceived());
        }
    }

    /** Per channel: the sample rates are taken against, and the latest one. */
    private final Map<Channel, Sample[]> samples = new ConcurrentHashMap<>();

    Rate of(Channel channel) {
        Sample now = Sample.of(channel.counters());
        Sample[] pair = samples.computeIfAbsent(channel, c -> new Sample[] {now, now});
        synchronized (pair) {
            if (now.nanos - pair[1].nanos >= WINDOW_NANOS) {
                pair[0] = pair[1];
                pair[1] = now;
            } else if (now.nanos - pair[0].nanos >= 2 * WINDOW_NANOS) {
                pair[0] = pair[1];
            }
            Sample base = pair[0];
            double seconds = (now.nanos - base.nanos) / 1e9;
            if (seconds < 0.2) {
                return Rate.NONE;
            }
            return new Rate((now.messagesOut - base.messagesOut) / seconds,
                    (now.messagesIn - base.messagesIn) / seconds, (now.bytesOut - base.bytesOut) / seconds,
                    (now.bytesIn - base.bytesIn) / seconds);
        }
    }

    /** Forgets channels that are gone. */
    void keepOnly(Set<Channel> open) {
        samples.keySet().retainAll(open);
    }
}
