package dev.patchbay.host.channel;

import dev.patchbay.api.Link;
import dev.patchbay.host.channel.ChannelFrame.Kind;
import dev.patchbay.host.module.TransportRef;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns the control frames a channel receives into events of its {@link MigrationMachine}, on the thread that reads
 * them, and opens the peer side's new link off that thread.
 */
final class ControlHandler {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Channel channel;
    private final MigrationMachine machine;
    private final MigrationEffects effects;

    ControlHandler(Channel channel, MigrationMachine machine, MigrationEffects effects) {
        this.channel = channel;
        this.machine = machine;
        this.effects = effects;
    }

    void on(Kind kind, long id, ByteBuffer body) {
        switch (kind) {
            case PREPARE -> onPrepare(id, body);
            case READY -> effects.perform(machine.onReady(id));
            case HELLO -> channel.onHello(body);
            case REFUSE -> {
                String reason = ControlBody.text(body);
                if (id == 0) {
                    // Number 0 is no migration: the peer refuses the whole channel (a protocol it does not speak).
                    throw new ChannelException("channel " + channel.name() + " refused by the peer: " + reason);
                }
                effects.perform(machine.onRefuse(id, reason));
            }
            case SWITCH -> effects.perform(machine.onSwitch(id, channel.name()));
            case ABORT -> effects.perform(machine.onAbort(id, ControlBody.text(body)));
            case RESUME -> effects.perform(machine.onResume(id, ControlBody.readSequence(body, "RESUME of migration "
                    + Long.toUnsignedString(id) + " on channel " + channel.name() + " (" + channel.link().address()
                    + ")"), ControlBody.readResumeReason(body)));
            case COMMIT -> effects.perform(machine.onCommit(id));
            default -> throw new ChannelException("channel " + channel.name() + " cannot handle a " + kind
                    + " control frame");
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
        Migration m = machine.beginPeer(id, prepare.address() + " (" + prepare.module().id() + "@"
                + prepare.module().version() + ")");
        if (m == null) {
            channel.sendControlQuietly(Kind.REFUSE, id, "channel " + channel.name()
                    + " is busy with another migration");
            return;
        }
        effects.perform(List.of(new MigrationAction.Started()));
        channel.background().execute(() -> openForPeer(m, prepare));
    }

    /** Off the receiving thread: open our side of the new link, then answer READY, or REFUSE with the reason. */
    private void openForPeer(Migration m, ControlBody.Prepare prepare) {
        try {
            TransportRef ref = channel.resolver().resolveAndClaim(prepare.address(), prepare.module(),
                    target -> machine.targetChosen(m, target));
            Link link = ref.transport().connect(prepare.address(), channel.linkOptions()
                    .forAddress(prepare.address()).withOpenTimeout(channel.migrationOptions().stepTimeout()));
            if (!machine.holdPending(m, new Leg(link, ref))) {
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
            effects.perform(machine.endPeer(m, reason));
        }
    }
}
