package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.PeerClosedException;

import java.nio.ByteBuffer;

/**
 * What the baselines' links have in common: each polls its medium for messages and waits between polls in its own
 * way, learns in its own way that the peer has gone, and is closed once. Names only the JDK and the plugin API, so
 * that it loads on every baseline's class path.
 */
abstract class PollingLink implements Link {
    private final Address address;
    private volatile boolean closed;

    PollingLink(Address address) {
        this.address = address;
    }

    /** Hands up to {@code limit} messages that are there to {@code handler}, without waiting. */
    abstract int take(MessageHandler handler, int limit);

    /** True once the peer has closed the link, or is otherwise known to be gone. */
    abstract boolean peerGone();

    /** Waits a little before the next poll: spins, yields or parks as the baseline's wait strategy says. */
    abstract void idle();

    /** A message came: the next wait starts afresh. */
    abstract void rested();

    /** Releases what this side holds; called once, by {@link #close()}. */
    abstract void release();

    @Override
    public final Address address() {
        return address;
    }

    /**
     * Checks, before a send, that the link is open and that the message is no longer than {@code max}.
     *
     * @return the message's length
     */
    final int checkSend(ByteBuffer message, int max) {
        checkOpen();
        int length = message.remaining();
        if (length > max) {
            throw new MessageTooLargeException(length, max);
        }
        if (peerGone()) {
            throw peerClosed();
        }
        return length;
    }

    @Override
    public final int receive(MessageHandler handler, int limit, long timeoutNanos) {
        checkOpen();
        long start = System.nanoTime();
        while (true) {
            int read = take(handler, limit);
            if (read > 0) {
                rested();
                return read;
            }
            if (peerGone()) {
                // The peer may have sent its last messages just before it went: one more look, then it is over.
                read = take(handler, limit);
                if (read > 0) {
                    return read;
                }
                throw peerClosed();
            }
            if (System.nanoTime() - start >= timeoutNanos) {
                return 0;
            }
            idle();
        }
    }

    final PeerClosedException peerClosed() {
        return new PeerClosedException("peer of " + address + " closed the link");
    }

    final void checkOpen() {
        if (closed) {
            throw new LinkClosedException("link " + address + " is closed");
        }
    }

    final boolean closed() {
        return closed;
    }

    @Override
    public final boolean isOpen() {
        return !closed && !peerGone();
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }
}
