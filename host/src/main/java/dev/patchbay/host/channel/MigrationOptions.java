package dev.patchbay.host.channel;

import java.time.Duration;

/**
 * How a migration is run.
 *
 * @param stepTimeout      the most each step (open, ready, switch, commit) may take before the migration is rolled
 *                         back
 * @param healthWindow     how long the new link must carry traffic without failing before the old one is released
 * @param maxRetainedBytes how many bytes of sent messages are kept for resending during the health window; when
 *                         more are sent, the new link counts as proved early
 */
public record MigrationOptions(Duration stepTimeout, Duration healthWindow, long maxRetainedBytes) {
    /** 5 s per step, a 500 ms health window, up to 64 MiB retained. */
    public static final MigrationOptions DEFAULTS =
            new MigrationOptions(Duration.ofSeconds(5), Duration.ofMillis(500), 64L << 20);

    public MigrationOptions withHealthWindow(Duration window) {
        return new MigrationOptions(stepTimeout, window, maxRetainedBytes);
    }

    public MigrationOptions withStepTimeout(Duration timeout) {
        return new MigrationOptions(timeout, healthWindow, maxRetainedBytes);
    }
}
