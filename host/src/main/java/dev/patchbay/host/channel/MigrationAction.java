package dev.patchbay.host.channel;

import dev.patchbay.api.Link;
import dev.patchbay.host.channel.ChannelFrame.Kind;

/**
 * What a {@link MigrationMachine} transition asks the channel to do once the machine's lock is released: writes,
 * closes and calls into listeners never run under it, so a slow link or listener cannot stall a transition, and a
 * transition can be read (and tested) as the list of actions it returns.
 */
sealed interface MigrationAction {

    /** Close a link the channel no longer uses. */
    record CloseLink(Link link) implements MigrationAction { }

    /** Send SWITCH as the last frame on the current link and write to {@code newLink} from now on. */
    record MoveWriter(Migration migration, Link newLink) implements MigrationAction { }

    /** Go back to writing {@code old}, pause sends, and send RESUME with where this side got to. */
    record FallBackWriter(Migration migration, Link old, String reason) implements MigrationAction { }

    /** Resend what the peer missed (from its RESUME) on the old link, then let senders carry on. */
    record Resend(Migration migration, long peerNext, String peerReason) implements MigrationAction { }

    /** The new link proved itself: drop the copies kept for a fallback and close the old link. */
    record Commit(Migration migration, Link old) implements MigrationAction { }

    /** A control frame; a quiet one ignores failure (the peer may be gone). */
    record SendControl(Kind kind, long number, String text, boolean quiet) implements MigrationAction { }

    /** Finish the peer side's commit, after its COMMIT answer went out. */
    record FinishCommit(Migration migration) implements MigrationAction { }

    /** Tell the listeners a migration began on this side. */
    record Started() implements MigrationAction { }

    /** Tell the listeners how a migration ended. */
    record Ended(Migration migration, MigrationOutcome outcome, String reason) implements MigrationAction { }

    /** Tell the listeners the channel closed. */
    record Closed() implements MigrationAction { }

    /** Wake the initiator's wait for {@code step}. */
    record Signal(Migration migration, Step step) implements MigrationAction { }

    /** The migration failed (refused, cancelled, fallen back) for {@code reason}; wake whoever waits on it. */
    record Fail(Migration migration, String reason) implements MigrationAction { }

    /** Stop the initiator's pending open: close its acceptor, and interrupt a call into the module if asked. */
    record StopOpening(Migration migration, boolean interrupt) implements MigrationAction { }

    /** Wake senders waiting for a fallback to end (the channel closed). */
    record WakeSenders() implements MigrationAction { }

    /** The steps an initiator waits for. */
    enum Step {
        /** The peer holds the new link. */
        READY,
        /** The peer's SWITCH arrived: the old link is drained both ways. */
        PEER_SWITCHED,
        /** The peer acknowledged COMMIT. */
        COMMITTED,
        /** The fallback ended; the channel is back on its old link. */
        FELL_BACK,
        /** The channel closed while it fell back. */
        FELL_BACK_CLOSED
    }
}
