package dev.patchbay.host.channel;

import dev.patchbay.host.module.TransportRef;

/** Hears how migrations end, on both sides of a channel: for the audit log and for module bookkeeping. */
@FunctionalInterface
public interface ChannelEvents {
    /** Nobody listens. */
    ChannelEvents NONE = (channel, report, target) -> { };

    /**
     * @param target the generation the migration was moving to, or null if it was never resolved
     */
    void migrationEnded(Channel channel, MigrationReport report, TransportRef target);
}
