package dev.patchbay.host.channel;

import java.util.concurrent.atomic.AtomicLong;

/** What a channel has carried so far, for listings and tests; updated by the channel as messages pass. */
public final class ChannelCounters {
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong duplicatesDropped = new AtomicLong();
    private final AtomicLong migrationsCommitted = new AtomicLong();

    ChannelCounters() {
    }

    void sent(int bytes) {
        messagesSent.incrementAndGet();
        bytesSent.addAndGet(bytes);
    }

    void received(int bytes) {
        messagesReceived.incrementAndGet();
        bytesReceived.addAndGet(bytes);
    }

    void duplicateDropped() {
        duplicatesDropped.incrementAndGet();
    }

    void migrationCommitted() {
        migrationsCommitted.incrementAndGet();
    }

    public long messagesSent() {
        return messagesSent.get();
    }

    public long messagesReceived() {
        return messagesReceived.get();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Messages that arrived twice because of a fallback and were dropped the second time. */
    public long duplicatesDropped() {
        return duplicatesDropped.get();
    }

    public long migrationsCommitted() {
        return migrationsCommitted.get();
    }
}
