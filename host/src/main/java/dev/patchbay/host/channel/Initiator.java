package dev.patchbay.host.channel;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.channel.ChannelFrame.Kind;
import dev.patchbay.host.module.TransportRef;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The initiating side of one migration, which feeds the channel's {@link MigrationMachine} its steps and timeouts
 * (the opening on the caller's thread, the rest as the peer's answers and the timers arrive):
 * PREPARE → (peer opens) READY → SWITCH both ways → health window → COMMIT. Every wait has the step timeout; a
 * failure before the switch aborts (the old link never stopped), a failure after it falls back.
 */
final class Initiator {
    private final Channel channel;
    private final MigrationMachine machine;
    private final MigrationEffects effects;
    private final Migration m;
    private final TransportRef to;
    private final Address address;
    private final MigrationOptions options;

    Initiator(Channel channel, MigrationMachine machine, MigrationEffects effects, Migration m, TransportRef to,
              Address address, MigrationOptions options) {
        this.channel = channel;
        this.machine = machine;
        this.effects = effects;
        this.m = m;
        this.to = to;
        this.address = address;
        this.options = options;
    }

    /**
     * Runs the migration: the opening on the caller's thread; the switch as soon as {@code go} completes (at once if it
     * has); the rest (the peer's SWITCH, the health window, the commit or the fallback) as the steps arrive, on the
     * channel's background threads. So a patch holds a thread per channel only while it opens, not through its window
     * or its wait for {@code go}: a thousand channels in their windows at once cost no thread each. If {@code go}
     * fails first, the migration is aborted before the switch, and the old link never stopped.
     *
     * @param switched completed once this side writes on the new link (also when the migration ended without it)
     * @return the report, when the migration has ended; it fails with a {@link PatchbayException} if the channel
     *         broke under it
     */
    CompletableFuture<MigrationReport> start(CompletableFuture<?> go, CompletableFuture<Void> switched) {
        Leg newLeg;
        try {
            newLeg = prepare();
        } catch (RuntimeException e) {
            switched.complete(null);
            return CompletableFuture.completedFuture(aborted(e));
        }
        if (go.isDone() && !go.isCompletedExceptionally()) {
            return switchTo(newLeg, switched);
        }
        if (!machine.holdPrepared(m, newLeg)) {
            // Closed or cancelled while it opened; the new link was left to us.
            newLeg.link().close();
        }
        // Null to switch, else why not. Taken up not on the thread that completed go (the canary's commit, on
        // another channel's background thread) but on this channel's.
        CompletableFuture<String> stop = new CompletableFuture<>();
        go.whenComplete((v, e) -> stop.complete(e == null ? null : "not switched: " + describe(unwrap(e))));
        m.failed.thenAccept(stop::complete);
        return stop.thenComposeAsync(why -> {
            if (why == null) {
                return switchTo(newLeg, switched);
            }
            switched.complete(null);
            newLeg.link().close();
            return CompletableFuture.completedFuture(aborted(new MigrationException(why)));
        }, channel.background()).whenComplete((r, e) -> switched.complete(null));
    }

    private CompletableFuture<MigrationReport> switchTo(Leg newLeg, CompletableFuture<Void> switched) {
        effects.perform(machine.switchWriter(m, newLeg));
        switched.complete(null);
        // Every step after a wait runs on a background thread, never on the thread that completed the wait: that
        // one reads the peer's frames (an agent, or the application's receive), and a step may take the send lock
        // a blocked sender holds until that very thread drains the link.
        Executor background = channel.background();
        return within(m.peerSwitched, "the peer did not switch to the new link")
                .thenComposeAsync(v -> healthWindow(), background)
                .thenComposeAsync(healthy -> healthy ? commit() : CompletableFuture.completedFuture(rolledBack()),
                        background)
                .exceptionallyAsync(e -> afterSwitchFailed(unwrap(e)), background);
    }

    /** Before the switch: the old link never stopped, so the migration just ends. */
    private MigrationReport aborted(RuntimeException e) {
        PatchbayException ended = channel.brokenDuring(m);
        if (ended != null) {
            effects.perform(machine.abandon(m));
            throw ended;
        }
        String reason = m.failed.isDone() ? m.failed.getNow("") : describe(e);
        if (!m.refusedByPeer) {
            // The peer may hold its side of the new link already: tell it to let go.
            channel.sendControlQuietly(Kind.ABORT, m.id, reason);
        }
        effects.perform(machine.abandon(m));
        return m.report(channel.name(), MigrationOutcome.ABORTED, reason);
    }

    private CompletableFuture<MigrationReport> commit() {
        channel.sendControl(Kind.COMMIT, m.id, ByteBuffer.allocate(0));
        // Not on the thread that read the peer's answer: that is an agent or a receiving thread.
        return within(m.committed, "the peer did not confirm the commit").thenApplyAsync(v -> {
            effects.perform(machine.finishCommit(m));
            return m.report(channel.name(), MigrationOutcome.COMMITTED, "");
        }, channel.background());
    }

    /** After the switch: back to the old link while what the new one carried can still be resent. */
    private MigrationReport afterSwitchFailed(Throwable e) {
        PatchbayException ended = channel.brokenDuring(m);
        if (ended != null) {
            throw ended;
        }
        if (channel.canFallBack()) {
            channel.fallBack(describe(e));
        } else if (!m.failed.isDone()) {
            throw channel.fail(new MigrationException("channel " + channel.name() + " broke while migrating to "
                    + address + ": " + describe(e), e));
        }
        return rolledBack();
    }

    /** Opens our side, asks the peer to open its side, and waits until both hold the new link. */
    private Leg prepare() {
        Acceptor acceptor = listen();
        m.acceptor = acceptor;
        if (m.failed.isDone()) {
            // Cancelled while the module was still listening.
            acceptor.close();
            throw new MigrationException(m.failed.getNow("cancelled"));
        }
        try {
            try {
                channel.sendControl(Kind.PREPARE, m.id,
                        ControlBody.prepare(acceptor.address(), ModuleSpec.of(to.module())));
            } catch (PeerClosedException e) {
                // The channel's only link lost its peer: the channel ended, not only this migration. Said here, as a
                // data send would, since the reader may notice it only after this migration has been reported.
                throw channel.fail(e);
            }
            Link link;
            try {
                link = acceptor.accept(options.stepTimeout());
            } catch (PatchbayException e) {
                String refused = m.failed.getNow(null);
                throw refused != null ? new MigrationException(refused) : e;
            }
            Leg leg = new Leg(link, to);
            m.openedAt = m.now();
            try {
                await(m.ready, "the peer did not confirm the new link");
            } catch (RuntimeException e) {
                link.close();
                throw e;
            }
            m.preparedNanos = System.nanoTime() - m.startNanos;
            return leg;
        } finally {
            m.acceptor = null;
            acceptor.close();
        }
    }

    /**
     * Opens our side of the new link, within the step timeout (the host bounds every call into a module). A cancel
     * interrupts the wait, so a module that is slow to listen does not hold the channel in PREPARING.
     */
    private Acceptor listen() {
        m.enterTransportCall();
        try {
            if (m.failed.isDone()) {
                // Cancelled before this thread could be interrupted in the call: a module's listen may never return.
                throw new MigrationException(m.failed.getNow("cancelled"));
            }
            return to.transport().listen(address, channel.linkOptions().forAddress(address)
                    .withOpenTimeout(options.stepTimeout()));
        } catch (LinkInterruptedException e) {
            if (m.failed.isDone()) {
                throw new MigrationException(m.failed.getNow("cancelled"));
            }
            throw e;
        } finally {
            m.leaveTransportCall();
        }
    }

    /**
     * Completes after the health window, or sooner if the new link fails or carried more than can be resent (then it
     * has to be trusted now); true if the link stayed healthy. A timer, not a waiting thread.
     */
    private CompletableFuture<Boolean> healthWindow() {
        CompletableFuture<Object> ended = new CompletableFuture<>();
        if (channel.retentionOverflowed()) {
            ended.complete(null);
        } else {
            CompletableFuture.anyOf(m.failed, m.copiesOverflowed).whenComplete((v, e) -> ended.complete(null));
            ended.completeOnTimeout(null, options.healthWindow().toNanos(), TimeUnit.NANOSECONDS);
        }
        return ended.thenApply(v -> !m.failed.isDone());
    }

    private MigrationReport rolledBack() {
        channel.awaitFallBack(m, options.stepTimeout());
        return m.report(channel.name(), MigrationOutcome.ROLLED_BACK, m.failed.getNow("the new link failed"));
    }

    /**
     * Completes when {@code step} does, fails with a {@link MigrationException} when the migration fails first or
     * the step timeout passes.
     */
    private CompletableFuture<Void> within(CompletableFuture<Void> step, String what) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture.anyOf(step, m.failed).whenComplete((v, e) -> {
            if (step.isDone() && !step.isCompletedExceptionally()) {
                done.complete(null);
            } else if (e != null) {
                done.completeExceptionally(new MigrationException(what + ": " + unwrap(e)));
            } else {
                done.completeExceptionally(new MigrationException(m.failed.getNow("failed")));
            }
        });
        long timeout = options.stepTimeout().toMillis();
        done.orTimeout(timeout, TimeUnit.MILLISECONDS);
        return done.exceptionallyCompose(e -> CompletableFuture.failedFuture(unwrap(e) instanceof TimeoutException
                ? new MigrationException(what + " within " + timeout + " ms") : unwrap(e)));
    }

    /** Blocking wait for a step of the opening, which runs on the caller's thread. */
    private void await(CompletableFuture<Void> step, String what) {
        try {
            CompletableFuture.anyOf(step, m.failed).get(options.stepTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new MigrationException(what + " within " + options.stepTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted while waiting: " + what);
        } catch (ExecutionException e) {
            throw new MigrationException(what + ": " + e.getCause());
        }
        if (!step.isDone()) {
            throw new MigrationException(m.failed.getNow("failed"));
        }
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
