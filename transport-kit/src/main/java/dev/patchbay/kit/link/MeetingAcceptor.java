package dev.patchbay.kit.link;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.OpenTimeoutException;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The skeleton of an acceptor whose medium is a meeting point in memory or in a file (a slot the connector marks
 * when it comes) rather than a descriptor the kernel can wait on. It holds the rules every such acceptor keeps:
 * {@code accept} looks for the peer in the parks of a {@link MeetingWait} (at most 20 ms), so that {@code close}
 * from another thread ends it within 20 ms; it accepts once; its timeout names where it waited and how to start the other side;
 * and {@code close} before a link was accepted releases the meeting point exactly once, never while an
 * {@code accept} is making the link.
 *
 * <p>A backend says how a peer is seen ({@link #peerArrived}), how the link is made ({@link #link}), and what is
 * released when no link came ({@link #release}).
 */
public abstract class MeetingAcceptor implements Acceptor {

    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;
    private boolean accepted;

    /** Whether a connector has come; a peer that connected, sent and closed before the first look has come too. */
    protected abstract boolean peerArrived();

    /** Makes the link to the peer that has arrived. Called once, under the acceptor's lock. */
    protected abstract Link link();

    /** Lets go of the meeting point when the acceptor closes before a link was accepted. Called at most once. */
    protected abstract void release();

    /** Where the acceptor waits, for the timeout message, e.g. {@code "POSIX segment /patchbay-shm.orders"}. */
    protected abstract String meetingPoint();

    @Override
    public final Link accept(Duration timeout) {
        lock.lock();
        try {
            awaitPeer(timeout.toNanos());
            if (closed || accepted) {
                throw new LinkClosedException("acceptor " + address() + " was already accepted or closed");
            }
            if (!peerArrived()) {
                throw new OpenTimeoutException("no peer connected to " + meetingPoint() + " within "
                        + timeout.toMillis() + " ms; start the other side with: patchbay send " + address());
            }
            accepted = true;
            return link();
        } finally {
            lock.unlock();
        }
    }

    /** Ends a waiting {@link #accept} within 20 ms; before a link was accepted, also {@linkplain #release releases}. */
    @Override
    public final void close() {
        closed = true;
        lock.lock();
        try {
            if (!accepted) {
                accepted = true;
                release();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Parks until the peer came, the acceptor closed, the timeout passed or the thread was interrupted. */
    private void awaitPeer(long timeoutNanos) {
        long start = System.nanoTime();
        MeetingWait wait = new MeetingWait();
        while (!closed && !accepted && !peerArrived()) {
            long left = timeoutNanos - (System.nanoTime() - start);
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                return;
            }
            wait.park(left);
        }
    }
}
