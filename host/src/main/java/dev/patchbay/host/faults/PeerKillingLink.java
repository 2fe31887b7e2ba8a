package dev.patchbay.host.faults;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.host.channel.ChannelFrame;
import dev.patchbay.sharedmem.posix.Signal;

import java.nio.ByteBuffer;

/**
 * A link that kills the peer process at a chosen control frame of the channel, so that a test knows which step the
 * channel is in when the peer dies. {@link #afterSwitch}: right after the channel's SWITCH left on it, having frozen
 * the peer before the write so that the peer never reads it: the sending side is then certainly in SWITCHING. {@link
 * #beforePrepare}: right before the PREPARE is written, waiting until the peer is gone, so that the write meets a
 * dead peer before the reading side may have noticed. The fault suite and the migration tests wrap a channel's first
 * link in it.
 */
public final class PeerKillingLink implements Link {
    private final Link link;
    private final ProcessHandle peer;
    private final ChannelFrame.Kind at;
    private volatile long killedAt;

    private PeerKillingLink(Link link, ProcessHandle peer, ChannelFrame.Kind at) {
        this.link = link;
        this.peer = peer;
        this.at = at;
    }

    /** Kills the peer right after the channel's SWITCH was written, the peer frozen before it could read it. */
    public static PeerKillingLink afterSwitch(Link link, ProcessHandle peer) {
        return new PeerKillingLink(link, peer, ChannelFrame.Kind.SWITCH);
    }

    /** Kills the peer, and waits until it is gone, right before the channel's PREPARE is written. */
    public static PeerKillingLink beforePrepare(Link link, ProcessHandle peer) {
        return new PeerKillingLink(link, peer, ChannelFrame.Kind.PREPARE);
    }

    @Override
    public void send(ByteBuffer header, ByteBuffer payload) {
        boolean hit = killedAt == 0 && header.remaining() > 0 && header.get(header.position()) == at.code();
        if (hit && at == ChannelFrame.Kind.PREPARE) {
            killedAt = System.nanoTime();
            Signal.kill((int) peer.pid(), Signal.SIGKILL);
            peer.onExit().join();
        } else if (hit) {
            Signal.kill((int) peer.pid(), Signal.SIGSTOP);
        }
        link.send(header, payload);
        if (hit && at == ChannelFrame.Kind.SWITCH) {
            killedAt = System.nanoTime();
            Signal.kill((int) peer.pid(), Signal.SIGKILL);
        }
    }

    /** {@link System#nanoTime()} when the peer was killed, or 0 while it has not been. */
    public long killedAt() {
        return killedAt;
    }

    @Override
    public int offer(ByteBuffer header, ByteBuffer payload) {
        return link.offer(header, payload);
    }

    @Override
    public Address address() {
        return link.address();
    }

    @Override
    public void send(ByteBuffer message) {
        link.send(message);
    }

    @Override
    public int receive(MessageHandler handler, int limit, long timeoutNanos) {
        return link.receive(handler, limit, timeoutNanos);
    }

    @Override
    public boolean isOpen() {
        return link.isOpen();
    }

    @Override
    public void close() {
        link.close();
    }
}
