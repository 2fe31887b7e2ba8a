package dev.patchbay.host.channel;

import dev.patchbay.host.module.TransportRef;

/**
 * Hears how migrations end, on both sides of a channel, and when a channel closes: for the audit log and for the
 * host's bookkeeping.
 */
@FunctionalInterface
public interface ChannelEvents {
    /** Nobody listens. */
    ChannelEvents NONE = (channel, report, target) -> { };

    /**
     * @param target the generation the migration was moving to, or null if it was never resolved
     */
    void migrationEnded(Channel channel, MigrationReport report, TransportRef target);

    /**
     * A migration began on this side (as its initiator, or as the peer asked); called on the thread that began it,
     * which may hold the channel's lock: do not block.
     */
    default void migrationStarted(Channel channel) {
    }

    /** The channel closed (its owner closed it, or it broke); called once, on the closing thread. */
    default void channelClosed(Channel channel) {
    }
}
