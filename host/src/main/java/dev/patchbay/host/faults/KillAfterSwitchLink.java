package dev.patchbay.host.faults;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.host.channel.ChannelFrame;
import dev.patchbay.sharedmem.posix.Signal;

import java.nio.ByteBuffer;

/**
 * A link that kills the peer process right after the channel's SWITCH left on it, having frozen the peer before
 * the write so that the peer never reads it: the sending side is then certainly in SWITCHING when the peer dies.
 * The fault suite and the migration tests wrap a channel's first link in it.
 */
public final class KillAfterSwitchLink implements Link {
    private final Link link;
    private final ProcessHandle peer;
    private volatile long killedAt;

    public KillAfterSwitchLink(Link link, ProcessHandle peer) {
        this.link = link;
        this.peer = peer;
    }

    @Override
    public void send(ByteBuffer header, ByteBuffer payload) {
        boolean switching = header.remaining() > 0 && header.get(header.position()) == ChannelFrame.Kind.SWITCH.code();
        if (switching) {
            Signal.kill((int) peer.pid(), Signal.SIGSTOP);
        }
        link.send(header, payload);
        if (switching) {
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
