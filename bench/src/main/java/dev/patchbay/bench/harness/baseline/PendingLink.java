package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Link;

/** What a baseline's listener has made while it waits for its peer: the makings of one link. */
interface PendingLink {

    /** True once the peer has arrived and {@link #link()} may be called; cheap, polled. */
    boolean peerArrived();

    /** The link to the peer; called once, after {@link #peerArrived()} said true. */
    Link link();

    /** What the listener is waiting for, for a timeout's message, e.g. "a connector's file /dev/shm/x". */
    String awaited();

    /** Removes what the listener made; called instead of {@link #link()} when no link is taken. Never throws. */
    void release();
}
