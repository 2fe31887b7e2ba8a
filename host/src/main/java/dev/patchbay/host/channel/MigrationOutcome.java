package dev.patchbay.host.channel;

/** How a migration ended. */
public enum MigrationOutcome {
    /** The channel runs on the new link; the old one is closed. */
    COMMITTED,
    /** Given up before the switch (the new link could not open, the peer refused, a timeout, a cancel). */
    ABORTED,
    /** The new link failed after the switch, within its health window: back on the old link, nothing lost. */
    ROLLED_BACK
}
