package dev.patchbay.host.channel;

import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
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
    private final ByteBuffer dataBuffer;
    private final ByteBuffer controlBuffer = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private Link link;
    private long nextSequence;
    private Retention retention;
    private boolean paused;

    ChannelSender(Channel channel, Link link, int linkMaxMessageSize, MigrationOptions options) {
        this.channel = channel;
        this.link = link;
        this.maxRetainedBytes = options.maxRetainedBytes();
        this.resumeTimeoutNanos = options.stepTimeout().toNanos() * 2;
        this.dataBuffer = ByteBuffer.allocateDirect(linkMaxMessageSize).order(ByteOrder.LITTLE_ENDIAN);
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
            }
            Link target = link;
            try {
                writeData(target, sequence, message);
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
        while (paused && channel.broken() == null) {
            try {
                if (!resumed.await(resumeTimeoutNanos, TimeUnit.NANOSECONDS)) {
                    throw channel.fail(new MigrationException("channel " + channel.name() + " could not resume on"
                            + " its old link: the peer did not answer the fallback"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LinkClosedException("interrupted while channel " + channel.name() + " was falling back");
            }
        }
        if (channel.broken() != null) {
            throw channel.broken();
        }
    }

    private void writeData(Link target, long sequence, ByteBuffer message) {
        dataBuffer.clear();
        ChannelFrame.putHeader(dataBuffer, Kind.DATA, sequence);
        dataBuffer.put(message).flip();
        target.send(dataBuffer);
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
        controlBuffer.clear();
        ChannelFrame.putHeader(controlBuffer, kind, number);
        controlBuffer.put(body.duplicate()).flip();
        target.send(controlBuffer);
    }

    /** SWITCH as the last frame on the current link; from now on write to {@code newLink}, keeping copies. */
    void switchTo(Link newLink, Migration m) {
        lock.lock();
        try {
            m.switchSentNanos = System.nanoTime();
            writeControl(link, Kind.SWITCH, m.id, ControlBody.sequence(nextSequence));
            link = newLink;
            retention = new Retention(maxRetainedBytes);
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

    /** Wakes senders waiting for a resume (the channel closed or broke). */
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
