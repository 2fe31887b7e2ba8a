package dev.patchbay.host.channel;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.channel.ChannelFrame.Kind;
import dev.patchbay.host.module.TransportRef;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The initiating side of one migration, run on the caller's thread, which feeds the channel's
 * {@link MigrationMachine} its steps and timeouts:
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

    MigrationReport run() {
        Leg newLeg;
        try {
            newLeg = prepare();
        } catch (RuntimeException e) {
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
        effects.perform(machine.switchWriter(m, newLeg));
        try {
            await(m.peerSwitched, "the peer did not switch to the new link");
            if (healthWindowFailed()) {
                return rolledBack();
            }
            channel.sendControl(Kind.COMMIT, m.id, ByteBuffer.allocate(0));
            await(m.committed, "the peer did not confirm the commit");
            effects.perform(machine.finishCommit(m));
            return m.report(channel.name(), MigrationOutcome.COMMITTED, "");
        } catch (RuntimeException e) {
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
            channel.sendControl(Kind.PREPARE, m.id,
                    ControlBody.prepare(acceptor.address(), ModuleSpec.of(to.module())));
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
     * Waits out the health window, or less if the new link fails or carried more than can be resent (then it has to
     * be trusted now); true if it failed. One wait, no polling: a patch holds a hundred of these at once.
     */
    private boolean healthWindowFailed() {
        if (!channel.retentionOverflowed()) {
            try {
                CompletableFuture.anyOf(m.failed, m.copiesOverflowed)
                        .get(options.healthWindow().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Healthy for the whole window.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                return true;
            }
        }
        return m.failed.isDone();
    }

    private MigrationReport rolledBack() {
        channel.awaitFallBack(m, options.stepTimeout());
        return m.report(channel.name(), MigrationOutcome.ROLLED_BACK, m.failed.getNow("the new link failed"));
    }

    /** Waits for {@code step}, or for the migration to fail, for at most the step timeout. */
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

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
