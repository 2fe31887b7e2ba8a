package dev.patchbay.host.channel;

import dev.patchbay.api.Link;
import dev.patchbay.host.channel.ChannelFrame.Kind;
import dev.patchbay.host.module.TransportRef;

import java.nio.ByteBuffer;

/**
 * Handles the control frames a channel receives, on the receiving thread. The peer side of a migration lives here;
 * for the initiator, frames complete the steps its {@link Initiator} waits for.
 */
final class ControlHandler {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Channel channel;

    ControlHandler(Channel channel) {
        this.channel = channel;
    }

    void on(Kind kind, long id, ByteBuffer body) {
        switch (kind) {
            case PREPARE -> onPrepare(id, body);
            case READY -> ifInitiator(id, m -> {
                m.readyAt = m.now();
                m.ready.complete(null);
            });
            case HELLO -> channel.onHello(body);
            case REFUSE -> {
                String reason = ControlBody.text(body);
                if (id == 0) {
                    // Number 0 is no migration: the peer refuses the whole channel (a protocol it does not speak).
                    throw new ChannelException("channel " + channel.name() + " refused by the peer: " + reason);
                }
                ifInitiator(id, m -> {
                    m.refusedByPeer = true;
                    m.failed.complete("the peer refused: " + reason);
                    if (m.acceptor != null) {
                        m.acceptor.close();
                    }
                });
            }
            case SWITCH -> channel.onSwitch(id);
            case ABORT -> {
                Migration m = channel.migration();
                if (m != null && m.id == id && !m.initiator) {
                    channel.endPeerMigration(m, "the initiator gave up: " + ControlBody.text(body));
                }
            }
            case RESUME -> channel.onResume(id, ControlBody.readSequence(body, "RESUME of migration "
                    + Long.toUnsignedString(id) + " on channel " + channel.name() + " (" + channel.link().address()
                    + ")"),
                    ControlBody.readResumeReason(body));
            case COMMIT -> onCommit(id);
            default -> throw new ChannelException("channel " + channel.name() + " cannot handle a " + kind
                    + " control frame");
        }
    }

    private void ifInitiator(long id, java.util.function.Consumer<Migration> step) {
        Migration m = channel.migration();
        if (m != null && m.id == id && m.initiator) {
            step.accept(m);
        }
    }

    private void onPrepare(long id, ByteBuffer body) {
        // The body is only valid during this call: read it now.
        ControlBody.Prepare prepare;
        try {
            prepare = ControlBody.readPrepare(body);
        } catch (ChannelException e) {
            throw new ChannelException("channel " + channel.name() + " (" + channel.link().address() + ") got a"
                    + " broken PREPARE for migration " + Long.toUnsignedString(id) + ": " + e.getMessage());
        }
        Migration m = channel.beginPeerMigration(id, prepare.address() + " (" + prepare.module().id() + "@"
                + prepare.module().version() + ")");
        if (m == null) {
            channel.sendControlQuietly(Kind.REFUSE, id, "channel " + channel.name()
                    + " is busy with another migration");
            return;
        }
        channel.background().execute(() -> openForPeer(m, prepare));
    }

    /** Off the receiving thread: open our side of the new link, then answer READY, or REFUSE with the reason. */
    private void openForPeer(Migration m, ControlBody.Prepare prepare) {
        try {
            TransportRef ref = channel.resolver().resolveAndClaim(prepare.address(), prepare.module(),
                    target -> channel.targetChosen(m, target));
            Link link = ref.transport().connect(prepare.address(), channel.linkOptions()
                    .forAddress(prepare.address()).withOpenTimeout(channel.migrationOptions().stepTimeout()));
            if (!channel.holdPending(m, new Leg(link, ref))) {
                link.close();
                return;
            }
            m.preparedNanos = System.nanoTime() - m.startNanos;
            m.openedAt = m.preparedNanos;
            channel.sendControl(Kind.READY, m.id, EMPTY);
            m.readyAt = m.now();
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            channel.sendControlQuietly(Kind.REFUSE, m.id, reason);
            channel.endPeerMigration(m, reason);
        }
    }

    private void onCommit(long id) {
        Migration m = channel.migration();
        if (m == null || m.id != id) {
            return;
        }
        if (m.initiator) {
            m.committed.complete(null);
            return;
        }
        channel.sendControl(Kind.COMMIT, id, EMPTY);
        channel.finishCommit(m);
        channel.events().migrationEnded(channel, m.report(channel.name(), MigrationOutcome.COMMITTED, ""), m.target);
    }
}
