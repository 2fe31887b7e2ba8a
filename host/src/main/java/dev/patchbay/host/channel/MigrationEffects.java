package dev.patchbay.host.channel;

import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.PatchbayException;
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
import dev.patchbay.host.channel.MigrationAction.Started;
import dev.patchbay.host.channel.MigrationAction.StopOpening;
import dev.patchbay.host.channel.MigrationAction.WakeSenders;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Performs the actions a {@link MigrationMachine} transition returned, in order, on the thread that fed it the event
 * and with no lock of the machine held. A write that fails stops the list there: the rest assumed it went out.
 */
final class MigrationEffects {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Channel channel;
    private final MigrationMachine machine;
    private final ChannelSender sender;
    private final ChannelEvents events;
    private final ChannelCounters counters;

    MigrationEffects(Channel channel, MigrationMachine machine, ChannelSender sender, ChannelEvents events,
                     ChannelCounters counters) {
        this.channel = channel;
        this.machine = machine;
        this.sender = sender;
        this.events = events;
        this.counters = counters;
    }

    void perform(List<MigrationAction> actions) {
        for (MigrationAction action : actions) {
            perform(action);
        }
    }

    private void perform(MigrationAction action) {
        if (action instanceof CloseLink close) {
            if (close.link() != null) {
                close.link().close();
            }
        } else if (action instanceof MoveWriter move) {
            sender.switchTo(move.newLink(), move.migration());
            machine.switchSent(move.migration());
        } else if (action instanceof FallBackWriter back) {
            try {
                sender.fallBackTo(back.old(), back.migration().id, channel.nextReceiveSequence(), back.reason());
            } catch (PatchbayException e) {
                throw channel.fail(e);
            }
        } else if (action instanceof Resend resend) {
            sender.resendAndResume(resend.peerNext());
            perform(machine.resumed(resend.migration(), resend.peerReason()));
        } else if (action instanceof Commit commit) {
            commit(commit);
        } else if (action instanceof SendControl send) {
            sendControl(send);
        } else if (action instanceof FinishCommit finish) {
            perform(machine.finishCommit(finish.migration()));
        } else if (action instanceof Started) {
            events.migrationStarted(channel);
        } else if (action instanceof Ended ended) {
            Migration m = ended.migration();
            events.migrationEnded(channel, m.report(channel.name(), ended.outcome(), ended.reason()), m.target);
        } else if (action instanceof Closed) {
            events.channelClosed(channel);
        } else if (action instanceof Signal signal) {
            signal(signal);
        } else if (action instanceof Fail fail) {
            fail.migration().failed.complete(fail.reason());
        } else if (action instanceof StopOpening stop) {
            Migration m = stop.migration();
            if (stop.interrupt()) {
                m.interruptTransportCall();
            }
            if (m.acceptor != null) {
                m.acceptor.close();
            }
        } else if (action instanceof WakeSenders) {
            sender.wakeAll();
        } else {
            throw new IllegalStateException("no effect for " + action);
        }
    }

    private void commit(Commit commit) {
        Migration m = commit.migration();
        m.committedAt = m.now();
        sender.dropCopies();
        if (commit.old() != null) {
            commit.old().close();
        }
        m.releasedAt = m.now();
        counters.migrationCommitted();
    }

    private void sendControl(SendControl send) {
        if (send.quiet()) {
            sender.sendControlQuietly(send.kind(), send.number(), send.text() == null ? "" : send.text());
        } else {
            sender.sendControl(send.kind(), send.number(), send.text() == null ? EMPTY : ControlBody.text(send.text()));
        }
    }

    private void signal(Signal signal) {
        Migration m = signal.migration();
        switch (signal.step()) {
            case READY -> m.ready.complete(null);
            case PEER_SWITCHED -> m.peerSwitched.complete(null);
            case COMMITTED -> m.committed.complete(null);
            case FELL_BACK -> m.fellBack.complete(null);
            case FELL_BACK_CLOSED -> m.fellBack.completeExceptionally(new LinkClosedException(
                    "channel " + channel.name() + " was closed while it fell back"));
            default -> throw new IllegalStateException("no signal for " + signal.step());
        }
    }
}
