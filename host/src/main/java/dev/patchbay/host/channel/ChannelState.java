package dev.patchbay.host.channel;

/** Where a channel is, as listings show it. Every state but OPEN, CLOSED and FAILED is "in transition". */
public enum ChannelState {
    /** On one link, no migration under way. */
    OPEN,
    /** A new link is being opened on both sides; traffic still flows on the old one. */
    PREPARING,
    /** The sides are moving to the new link at the SWITCH markers. */
    SWITCHING,
    /** On the new link; the old one is kept until the new one has proved itself (the health window). */
    PROBATION,
    /** The new link failed in its health window: back to the old link, resending what may have been lost. */
    FALLING_BACK,
    /** Closed by either side, or because the peer left or died. */
    CLOSED,
    /** Closed because of a failure, such as corrupt input from the peer; {@link Channel#failure()} says which. */
    FAILED;

    /** True while a migration is under way. */
    public boolean inTransition() {
        return this != OPEN && !ended();
    }

    /** True once the channel can carry nothing more. */
    public boolean ended() {
        return this == CLOSED || this == FAILED;
    }
}
