package dev.patchbay.host.channel;

import dev.patchbay.api.Link;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.channel.ChannelFrame.Kind;
import dev.patchbay.host.channel.MigrationAction.CloseLink;
import dev.patchbay.host.channel.MigrationAction.Closed;
import dev.patchbay.host.channel.MigrationAction.Commit;
import dev.patchbay.host.channel.MigrationAction.Ended;
import dev.patchbay.host.channel.MigrationAction.Fail;
import dev.patchbay.host.channel.MigrationAction.FallBackWriter;
import dev.patchbay.host.channel.MigrationAction.FinishCommit;
import dev.patchbay.host.channel.MigrationAction.MoveWriter;
import dev.patchbay.host.channel.MigrationAction.Resend;
import dev.patchbay.host.channel.MigrationAction.SendControl;
import dev.patchbay.host.channel.MigrationAction.Signal;
import dev.patchbay.host.channel.MigrationAction.Step;
import dev.patchbay.host.channel.MigrationAction.StopOpening;
import dev.patchbay.host.channel.MigrationAction.WakeSenders;
import dev.patchbay.host.module.TransportRef;

import java.util.ArrayList;
import java.util.List;

/**
 * The one owner of a channel's migration state: which link it writes to and reads from, the old and the new link
 * while it moves, the migration under way, and whether the channel ended. Events come in as method calls — frames
 * from the peer, the initiator's steps and timeouts, commands (cancel, close) — each a transition under this
 * object's lock that returns the {@link MigrationAction}s the channel performs after the lock is released.
 *
 * <p>States (docs/PROTOCOL.md, "Migration"): OPEN → PREPARING → SWITCHING → PROBATION → OPEN on commit; PREPARING →
 * OPEN when the attempt is abandoned; SWITCHING or PROBATION → FALLING_BACK → OPEN when the new link fails in its
 * health window; any → CLOSED or FAILED.
 */
final class MigrationMachine {
    private static final List<MigrationAction> NONE = List.of();

    private volatile ChannelState state = ChannelState.OPEN;
    private volatile Leg active;
    private volatile Link readLink;
    /** The migration whose new link has carried no message yet (set at the switch, cleared by the first). */
    private volatile Migration onProbation;
    private volatile PatchbayException broken;
    private Leg previous;
    private Leg pending;
    private Migration migration;
    private long migrationIds;

    MigrationMachine(Leg first) {
        this.active = first;
        this.readLink = first.link();
    }

    ChannelState state() {
        return state;
    }

    /** The leg the channel writes to. */
    Leg active() {
        return active;
    }

    /** The link the channel reads from. */
    Link readLink() {
        return readLink;
    }

    PatchbayException broken() {
        return broken;
    }

    synchronized Migration migration() {
        return migration;
    }

    /** The migration whose new link has carried no message yet; the reader clears it at the first message. */
    Migration onProbation() {
        return onProbation;
    }

    void firstMessageArrived() {
        onProbation = null;
    }

    /** Open on one link, with no migration under way and not broken. */
    boolean settled() {
        ChannelState s = state;
        return !s.inTransition() && !s.ended() && broken == null;
    }

    /** True while a new link is on trial: what it carried may still have to be resent on the old one. */
    boolean onTrial() {
        ChannelState s = state;
        return s == ChannelState.SWITCHING || s == ChannelState.PROBATION;
    }

    synchronized Link previousLink() {
        return previous == null ? null : previous.link();
    }

    /** True if the channel is falling back and {@code link} is not the old link it falls back to. */
    synchronized boolean fallingBackFrom(Link link) {
        return state == ChannelState.FALLING_BACK && previous != null && link != previous.link();
    }

    /**
     * A read from {@code failed} failed while falling back from it: read the old link instead. False if the channel
     * is not falling back, or {@code failed} is the old link.
     */
    synchronized boolean readOldLinkInstead(Link failed) {
        if (fallingBackFrom(failed)) {
            readLink = previous.link();
            return true;
        }
        return false;
    }

    // ---- Initiator

    /** A migration this side starts; the caller tells the listeners. */
    synchronized Migration begin(TransportRef to, String description, String channelName) {
        if (state != ChannelState.OPEN) {
            throw new MigrationException("channel " + channelName + " is busy: " + state);
        }
        Migration m = new Migration(++migrationIds, true, active, description);
        m.target = to;
        migration = m;
        state = ChannelState.PREPARING;
        return m;
    }

    /** Before the switch: give up and keep the old link. */
    synchronized List<MigrationAction> abandon(Migration m) {
        m.abandoned = true;
        if (migration == m) {
            migration = null;
            pending = null;
            if (!state.ended()) {
                state = ChannelState.OPEN;
            }
        }
        return NONE;
    }

    /**
     * Both sides hold the new link, and the switch waits (for a patch's canary): the link is the channel's until the
     * switch, so that a close meanwhile closes it too. False if the migration ended meanwhile.
     */
    synchronized boolean holdPrepared(Migration m, Leg newLeg) {
        if (migration != m || state.ended()) {
            return false;
        }
        pending = newLeg;
        return true;
    }

    /**
     * True while the channel holds a new link it has not switched to: the next step (SWITCH or ABORT) comes from the
     * initiator in its own time, which may be a canary's health window.
     */
    boolean awaitingSwitch() {
        Migration m = migration();
        return state == ChannelState.PREPARING && m != null && m.readyAt != 0;
    }

    /** Both sides hold the new link: SWITCH on the old link is our last frame there; then write to the new one. */
    synchronized List<MigrationAction> switchWriter(Migration m, Leg newLeg) {
        if (migration != m || state.ended()) {
            return List.of(new CloseLink(newLeg.link()));
        }
        // The legs move before the writer does: the peer's answering SWITCH can be read before the writer moved,
        // and the reader must then find the new leg in place.
        previous = active;
        active = newLeg;
        pending = null;
        state = ChannelState.SWITCHING;
        return List.of(new MoveWriter(m, newLeg.link()));
    }

    synchronized List<MigrationAction> onReady(long id) {
        Migration m = initiated(id);
        if (m == null) {
            return NONE;
        }
        m.readyAt = m.now();
        return List.of(new Signal(m, Step.READY));
    }

    synchronized List<MigrationAction> onRefuse(long id, String reason) {
        Migration m = initiated(id);
        if (m == null) {
            return NONE;
        }
        m.refusedByPeer = true;
        return List.of(new Fail(m, "the peer refused: " + reason), new StopOpening(m, false));
    }

    private Migration initiated(long id) {
        Migration m = migration;
        return m != null && m.id == id && m.initiator ? m : null;
    }

    // ---- Peer side

    /** The peer asks us to open a new link. Null if a migration is under way already (the caller refuses). */
    synchronized Migration beginPeer(long id, String to) {
        if (state != ChannelState.OPEN) {
            return null;
        }
        Migration m = new Migration(id, false, active, to);
        migration = m;
        state = ChannelState.PREPARING;
        return m;
    }

    /** The generation the peer named is found; from now on it counts as in use. */
    synchronized void targetChosen(Migration m, TransportRef target) {
        if (migration == m) {
            m.target = target;
        }
    }

    /** The new link is open; keep it for the SWITCH. False if the migration was abandoned meanwhile. */
    synchronized boolean holdPending(Migration m, Leg newLeg) {
        if (migration != m || m.abandoned || state.ended()) {
            return false;
        }
        pending = newLeg;
        m.target = newLeg.transport();
        return true;
    }

    synchronized List<MigrationAction> onAbort(long id, String reason) {
        Migration m = migration;
        if (m == null || m.id != id || m.initiator) {
            return NONE;
        }
        return endPeer(m, "the initiator gave up: " + reason);
    }

    /** The initiator gave up, or we could not open the new link. */
    synchronized List<MigrationAction> endPeer(Migration m, String reason) {
        if (migration != m) {
            return NONE;
        }
        m.abandoned = true;
        Leg newLeg = pending;
        pending = null;
        migration = null;
        if (!state.ended()) {
            state = ChannelState.OPEN;
        }
        List<MigrationAction> actions = new ArrayList<>(2);
        if (newLeg != null) {
            actions.add(new CloseLink(newLeg.link()));
        }
        actions.add(new Ended(m, MigrationOutcome.ABORTED, reason));
        return actions;
    }

    // ---- Both sides

    /** The peer's SWITCH arrived on the old link: it will write nothing more there. */
    synchronized List<MigrationAction> onSwitch(long id, String channelName) {
        Migration m = migration;
        if (m == null || m.id != id || state == ChannelState.FALLING_BACK || state.ended()) {
            return NONE;
        }
        if (m.initiator) {
            readLink = active.link();
            state = ChannelState.PROBATION;
            m.switchNanos = System.nanoTime() - m.switchSentNanos;
            m.drainedAt = m.now();
            onProbation = m;
            return List.of(new Signal(m, Step.PEER_SWITCHED));
        }
        Leg newLeg = pending;
        if (newLeg == null) {
            throw new ChannelException("channel " + channelName + " got SWITCH for migration " + id
                    + " but holds no new link");
        }
        readLink = newLeg.link();
        m.drainedAt = m.now();
        onProbation = m;
        previous = active;
        active = newLeg;
        pending = null;
        state = ChannelState.SWITCHING;
        return List.of(new MoveWriter(m, newLeg.link()));
    }

    /** Our SWITCH went out: the peer side, which switched second, is now on probation too. */
    synchronized void switchSent(Migration m) {
        if (migration == m && !m.initiator && state == ChannelState.SWITCHING) {
            state = ChannelState.PROBATION;
        }
    }

    synchronized List<MigrationAction> onCommit(long id) {
        Migration m = migration;
        if (m == null || m.id != id) {
            return NONE;
        }
        if (m.initiator) {
            return List.of(new Signal(m, Step.COMMITTED));
        }
        return List.of(new SendControl(Kind.COMMIT, id, null, false), new FinishCommit(m));
    }

    /** The new link proved itself: release the old one. */
    synchronized List<MigrationAction> finishCommit(Migration m) {
        if (migration != m) {
            return NONE;
        }
        Leg old = previous;
        previous = null;
        migration = null;
        onProbation = null;
        if (!state.ended()) {
            state = ChannelState.OPEN;
        }
        Commit commit = new Commit(m, old == null ? null : old.link());
        return m.initiator ? List.of(commit) : List.of(commit, new Ended(m, MigrationOutcome.COMMITTED, ""));
    }

    /**
     * The new link failed in its health window: close it, go back to writing (and reading) the old link, and tell
     * the peer with RESUME where we got to; sends wait for the peer's RESUME.
     */
    synchronized List<MigrationAction> fallBack(String reason) {
        List<MigrationAction> actions = new ArrayList<>(3);
        fallBack(reason, actions);
        return actions;
    }

    private void fallBack(String reason, List<MigrationAction> actions) {
        if (!onTrial() || previous == null) {
            return;
        }
        state = ChannelState.FALLING_BACK;
        onProbation = null;
        Leg failed = active;
        readLink = previous.link();
        actions.add(new CloseLink(failed.link()));
        actions.add(new FallBackWriter(migration, previous.link(), reason));
        actions.add(new Fail(migration, reason));
    }

    /** The peer's RESUME: fall back too if we had not, then resend what it missed. */
    synchronized List<MigrationAction> onResume(long id, long peerNext, String peerReason) {
        String fellBack = peerReason.isEmpty() ? "the peer fell back" : "the peer fell back: " + peerReason;
        List<MigrationAction> actions = new ArrayList<>(4);
        if (state != ChannelState.FALLING_BACK) {
            fallBack(fellBack, actions);
        }
        Migration m = migration;
        if (m != null && m.id == id && previous != null && state == ChannelState.FALLING_BACK) {
            actions.add(new Resend(m, peerNext, fellBack));
        }
        return actions;
    }

    /** What the peer missed was resent: back on the old link, the migration over. */
    synchronized List<MigrationAction> resumed(Migration m, String fellBack) {
        if (migration != m || previous == null) {
            return NONE;
        }
        Leg failed = active;
        active = previous;
        previous = null;
        migration = null;
        if (!state.ended()) {
            state = ChannelState.OPEN;
        }
        List<MigrationAction> actions = new ArrayList<>(3);
        actions.add(new Signal(m, Step.FELL_BACK));
        if (!m.initiator) {
            actions.add(new Ended(m, MigrationOutcome.ROLLED_BACK, m.failed.getNow(fellBack)));
        }
        actions.add(new CloseLink(failed.link()));
        return actions;
    }

    // ---- Commands

    /**
     * Cancels the migration under way: before the switch it is aborted (refused, on the peer side, while its new
     * link is still opening), after it the channel falls back.
     */
    synchronized List<MigrationAction> cancel() {
        Migration m = migration;
        if (m == null) {
            return NONE;
        }
        if (state == ChannelState.PREPARING && !m.initiator) {
            // Once READY is out (the new link is held) the initiator leads, and a cancel here waits for it; a link
            // that opens later is closed on arrival (holdPending).
            if (pending != null) {
                return NONE;
            }
            List<MigrationAction> actions = new ArrayList<>(3);
            actions.add(new SendControl(Kind.REFUSE, m.id, "the migration was cancelled on the peer", true));
            actions.addAll(endPeer(m, "cancelled"));
            return actions;
        }
        if (state == ChannelState.PREPARING) {
            return List.of(new Fail(m, "cancelled"), new StopOpening(m, true));
        }
        return fallBack("cancelled");
    }

    /** Records why the channel broke; true for the first cause. */
    synchronized boolean breakWith(PatchbayException cause) {
        if (broken != null) {
            return false;
        }
        broken = cause;
        return true;
    }

    /** The channel ended by a failure, not by a peer that left or a plain close. */
    synchronized void markFailed() {
        state = ChannelState.FAILED;
    }

    /** Closes every link the channel holds and ends a migration under way. */
    synchronized List<MigrationAction> close() {
        boolean first = !state.ended();
        if (state != ChannelState.FAILED) {
            state = ChannelState.CLOSED;
        }
        List<MigrationAction> actions = new ArrayList<>(8);
        Migration m = migration;
        if (m != null) {
            actions.add(new Fail(m, "channel closed"));
            actions.add(new Signal(m, Step.FELL_BACK_CLOSED));
            actions.add(new StopOpening(m, false));
        }
        for (Leg leg : new Leg[] {active, previous, pending}) {
            if (leg != null) {
                actions.add(new CloseLink(leg.link()));
            }
        }
        actions.add(new WakeSenders());
        if (first) {
            actions.add(new Closed());
        }
        return actions;
    }

    /** Every module generation the channel holds a link from, or is opening one from. */
    synchronized List<TransportRef> transportsInUse() {
        List<TransportRef> refs = new ArrayList<>(4);
        refs.add(active.transport());
        if (previous != null) {
            refs.add(previous.transport());
        }
        if (pending != null) {
            refs.add(pending.transport());
        }
        // A migration's target is in use from the moment it is chosen until the migration ends: retiring it while
        // the new link opens would pull the class loader from under that open.
        Migration m = migration;
        if (m != null && m.target != null && !refs.contains(m.target)) {
            refs.add(m.target);
        }
        return refs;
    }
}
