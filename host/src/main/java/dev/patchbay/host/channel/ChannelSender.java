package dev.patchbay.host.channel;

import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.channel.ChannelFrame.Kind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending half of a channel: numbers and frames messages, writes them to the current link, and across a
 * migration moves the writing to the new link (after SWITCH), keeps copies for the health window, and on a fallback
 * pauses, goes back to the old link and resends what the peer missed. Everything here is guarded by one lock, so
 * data and control frames leave in one order.
 */
final class ChannelSender {
    private final Channel channel;
    private final long maxRetainedBytes;
    private final long resumeTimeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    // The only per-channel buffer: the 9-byte frame header, sent with the message by a gathering send, so a channel
    // needs no staging copy of the largest message (1,000 channels used to hold 8 GiB of them).
    private final ByteBuffer header = ByteBuffer.allocateDirect(ChannelFrame.HEADER_LENGTH)
            .order(ByteOrder.LITTLE_ENDIAN);
    private Link link;
    private long nextSequence;
    private Retention retention;
    /** The migration whose new link the copies are kept for, while they are. */
    private Migration onTrial;
    private boolean paused;

    private static final long WAKE_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    ChannelSender(Channel channel, Link link, MigrationOptions options) {
        this.channel = channel;
        this.link = link;
        this.maxRetainedBytes = options.maxRetainedBytes();
        this.resumeTimeoutNanos = options.stepTimeout().toNanos() * 2;
    }

    /** Sends one message; returns its sequence number. See {@link Channel#send}. */
    long send(ByteBuffer message) {
        lock.lock();
        try {
            if (paused && channel.isReceivingThread()) {
                // The receiving thread cannot wait for the peer's RESUME: it is the thread that would read it.
                // Queue the message with the ones to resend; the replay after RESUME sends it in order.
                return queueDuringFallBack(message);
            }
            awaitResumed();
            long sequence = nextSequence++;
            if (retention != null) {
                retention.keep(sequence, message);
                if (retention.overflowed() && onTrial != null) {
                    // Ends the initiator's health window now: it waits for this, not on a clock.
                    onTrial.copiesOverflowed.complete(null);
                }
            }
            Link target = link;
            try {
                writeData(target, sequence, message);
            } catch (LinkInterruptedException e) {
                // Nothing of the message left (the link's promise): take its number back and let the caller decide.
                nextSequence--;
                if (retention != null) {
                    retention.forgetLast(sequence);
                }
                throw e;
            } catch (PatchbayException e) {
                if (channel.canFallBack()) {
                    // The new link failed in its health window; the message is kept and is resent on the old one.
                    channel.fallBack("sending on the new link failed: " + e.getMessage());
                } else if (!channel.fallingBackFrom(target)) {
                    throw channel.fail(e);
                }
                // Otherwise a fallback closed this (new) link under us: the message is kept and will be resent.
            }
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    private long queueDuringFallBack(ByteBuffer message) {
        long sequence = nextSequence++;
        retention.keep(sequence, message);
        if (retention.overflowed()) {
            throw channel.fail(new MigrationException("channel " + channel.name() + " queued more than "
                    + maxRetainedBytes + " bytes while falling back; the peer did not answer"));
        }
        message.position(message.limit());
        return sequence;
    }

    private void awaitResumed() {
        long deadline = System.nanoTime() + resumeTimeoutNanos;
        while (paused && channel.broken() == null && !channel.isClosed()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw channel.fail(new MigrationException("channel " + channel.name() + " could not resume on"
                        + " its old link: the peer did not answer the fallback"));
            }
            try {
                // Sliced, so a close that could not take the lock to signal is still seen within WAKE_SLICE_NANOS.
                resumed.await(Math.min(left, WAKE_SLICE_NANOS), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LinkInterruptedException("interrupted while channel " + channel.name()
                        + " was falling back; nothing was sent");
            }
        }
        if (channel.broken() != null) {
            throw channel.broken();
        }
        if (channel.isClosed()) {
            throw new LinkClosedException("channel " + channel.name() + " is closed");
        }
    }

    private void writeData(Link target, long sequence, ByteBuffer message) {
        int start = message.position();
        header.clear();
        ChannelFrame.putHeader(header, Kind.DATA, sequence);
        header.flip();
        try {
            target.send(header, message);
        } catch (LinkInterruptedException e) {
            message.position(start);
            throw e;
        }
    }

    /** Sends a control frame on the current link. */
    void sendControl(Kind kind, long number, ByteBuffer body) {
        lock.lock();
        try {
            writeControl(link, kind, number, body);
        } finally {
            lock.unlock();
        }
    }

    /** Sends a control frame with a text body, ignoring failure: for messages to a peer that may be gone. */
    void sendControlQuietly(Kind kind, long number, String text) {
        try {
            sendControl(kind, number, ControlBody.text(text));
        } catch (PatchbayException e) {
            // The old link is failing too; the read side will report it.
        }
    }

    private void writeControl(Link target, Kind kind, long number, ByteBuffer body) {
        header.clear();
        ChannelFrame.putHeader(header, kind, number);
        header.flip();
        target.send(header, body.duplicate());
    }

    /** SWITCH as the last frame on the current link; from now on write to {@code newLink}, keeping copies. */
    void switchTo(Link newLink, Migration m) {
        lock.lock();
        try {
            m.switchSentNanos = System.nanoTime();
            writeControl(link, Kind.SWITCH, m.id, ControlBody.sequence(nextSequence));
            m.switchedAt = m.now();
            link = newLink;
            retention = new Retention(maxRetainedBytes);
            onTrial = m;
        } finally {
            lock.unlock();
        }
    }

    /** Fallback: pause sending, go back to {@code old}, and tell the peer where we got to with RESUME. */
    void fallBackTo(Link old, long id, long nextExpected, String reason) {
        lock.lock();
        try {
            paused = true;
            link = old;
            writeControl(old, Kind.RESUME, id, ControlBody.resume(nextExpected, reason));
        } finally {
            lock.unlock();
        }
    }

    /** The peer's RESUME: resend every kept message from {@code peerNext} on, in order, then carry on. */
    void resendAndResume(long peerNext) {
        lock.lock();
        try {
            Link target = link;
            if (retention != null) {
                retention.replayFrom(peerNext, (message, sequence) -> writeData(target, sequence, message));
            }
            retention = null;
            onTrial = null;
            paused = false;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The new link proved itself: the copies are no longer needed. */
    void dropCopies() {
        lock.lock();
        try {
            retention = null;
            onTrial = null;
        } finally {
            lock.unlock();
        }
    }

    /** True while copies are kept and complete, so a fallback could resend everything. */
    boolean canResend() {
        lock.lock();
        try {
            return retention != null && !retention.overflowed();
        } finally {
            lock.unlock();
        }
    }

    /** True when more was sent on the new link than can be kept: it has to be trusted now. */
    boolean copiesOverflowed() {
        lock.lock();
        try {
            return retention != null && retention.overflowed();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes senders waiting for a resume (the channel closed or broke). A sender that holds the lock in a link call
     * is woken by the link's close; one that waits for a resume sees the closed channel within its wait slice if the
     * lock cannot be had at once.
     */
    void wakeAll() {
        if (lock.tryLock()) {
            try {
                resumed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
