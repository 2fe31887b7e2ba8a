package dev.patchbay.host.control;

import java.time.Duration;

/**
 * What one host's control socket accepts before it answers "busy" or "too long": every resource a client can make
 * the host spend is capped, so a runaway or hostile client (of the same user) cannot starve the live channels.
 *
 * @param maxLineBytes   longest request line, newline excluded
 * @param maxConnections connections open at once (reading, queued or being answered); more are told to retry
 * @param workers        threads that run commands (a fixed pool: a migration can keep one busy for seconds)
 * @param maxPending     commands waiting for a worker; more are told to retry
 * @param idleTimeout    how long a connection may take to send its line, or to read its answer
 */
public record ControlLimits(int maxLineBytes, int maxConnections, int workers, int maxPending, Duration idleTimeout) {
    /** 4 KiB lines, 64 connections, 4 workers, 32 waiting commands, 10 s to send a line. */
    public static final ControlLimits DEFAULTS = new ControlLimits(4096, 64, 4, 32, Duration.ofSeconds(10));

    public ControlLimits {
        if (maxLineBytes < 64 || maxConnections < 1 || workers < 1 || maxPending < 0 || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("control limits out of range: " + maxLineBytes + " bytes, "
                    + maxConnections + " connections, " + workers + " workers, " + maxPending + " pending, "
                    + idleTimeout);
        }
    }
}
