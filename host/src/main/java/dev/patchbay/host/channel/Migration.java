package dev.patchbay.host.channel;

import dev.patchbay.api.Acceptor;
import dev.patchbay.host.module.TransportRef;

import java.util.concurrent.CompletableFuture;

/**
 * One migration of one channel, on either side. The initiator waits on the futures; the receiving thread (which
 * reads the peer's control frames) completes them.
 */
final class Migration {
    final long id;
    final boolean initiator;
    final Leg from;
    final String to;
    final long startNanos = System.nanoTime();
    volatile long preparedNanos;
    volatile long switchSentNanos;
    volatile long switchNanos;
    // Phases, in nanoseconds from the start (0: not reached); see MigrationPhases.
    volatile long openedAt;
    volatile long readyAt;
    volatile long switchedAt;
    volatile long drainedAt;
    volatile long firstMessageAt;
    volatile long committedAt;
    volatile long releasedAt;
    volatile Acceptor acceptor;
    /** The generation the migration moves to, once known. */
    volatile TransportRef target;
    volatile boolean abandoned;
    volatile boolean refusedByPeer;

    /** Initiator: the peer holds the new link. */
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Initiator: the peer's SWITCH arrived, so the old link is drained both ways. */
    final CompletableFuture<Void> peerSwitched = new CompletableFuture<>();
    /** Initiator: the peer acknowledged COMMIT. */
    final CompletableFuture<Void> committed = new CompletableFuture<>();
    /** Either side: the migration failed (refused, fallen back); the value says why. */
    final CompletableFuture<String> failed = new CompletableFuture<>();
    /** Initiator: more was sent on the new link than can be kept for a resend; it has to be trusted now. */
    final CompletableFuture<Void> copiesOverflowed = new CompletableFuture<>();
    /** Either side: the fallback finished and the channel is back on the old link. */
    final CompletableFuture<Void> fellBack = new CompletableFuture<>();

    /** Initiator: the thread waiting in a call into the target module, or null. Guarded by this. */
    private Thread inTransportCall;

    synchronized void enterTransportCall() {
        inTransportCall = Thread.currentThread();
    }

    /** Leaves the call; an interrupt a cancel sent too late to matter is taken back. */
    void leaveTransportCall() {
        synchronized (this) {
            inTransportCall = null;
        }
        if (failed.isDone()) {
            Thread.interrupted();
        }
    }

    /** Cancel: wakes the initiator if it waits in a call into the module. */
    synchronized void interruptTransportCall() {
        if (inTransportCall != null) {
            inTransportCall.interrupt();
        }
    }

    Migration(long id, boolean initiator, Leg from, String to) {
        this.id = id;
        this.initiator = initiator;
        this.from = from;
        this.to = to;
    }

    /** Nanoseconds since the start, never 0, for a phase reached now. */
    long now() {
        return Math.max(1, System.nanoTime() - startNanos);
    }

    MigrationReport report(String channel, MigrationOutcome outcome, String reason) {
        MigrationPhases phases = new MigrationPhases(openedAt, readyAt, switchedAt, drainedAt, firstMessageAt,
                committedAt, releasedAt);
        return new MigrationReport(channel, id, from.toString(), to, outcome, reason, preparedNanos, switchNanos,
                System.nanoTime() - startNanos, phases);
    }
}
