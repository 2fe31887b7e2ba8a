package dev.patchbay.api;

import java.time.Duration;

/**
 * A meeting point created by {@link Transport#listen}, waiting for one peer. Closing it before a peer arrived
 * removes what it created (fifo files, segments).
 */
public interface Acceptor extends AutoCloseable {

    /** The address a peer passes to {@link Transport#connect} to reach this acceptor. */
    Address address();

    /**
     * Waits up to {@code timeout} for the peer and returns the link to it. An acceptor accepts once.
     *
     * @throws OpenTimeoutException naming what was waited on, when no peer arrived in time
     */
    Link accept(Duration timeout);

    /**
     * Releases the meeting point if no link was accepted. May be called from another thread while {@link #accept}
     * waits: the wait then ends promptly (within tens of milliseconds) with a {@link LinkClosedException}. Harmless
     * to call more than once. Never throws.
     */
    @Override
    void close();
}
