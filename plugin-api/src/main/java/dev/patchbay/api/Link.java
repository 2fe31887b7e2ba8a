package dev.patchbay.api;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One duplex connection between two processes that carries whole messages, in order, each exactly once.
 *
 * <p>Threads: one thread may send while another receives; sends must not overlap each other, nor receives each
 * other. {@link #close()} may be called from any thread at any time and wakes a blocked send or receive.
 *
 * <p>Failures: a peer that is gone surfaces as {@link PeerClosedException} (within a second for every Patchbay
 * transport), use after {@link #close()} as {@link LinkClosedException}, bad bytes as
 * {@link CorruptFrameException}. After any of these the link is closed.
 */
public interface Link extends AutoCloseable {

    /** The address this link was opened on, in the form a peer could connect to. */
    Address address();

    /**
     * Sends the bytes between the buffer's position and limit as one message, and advances the position to the
     * limit. Blocks while the medium is full (back-pressure), but never past the peer's death.
     *
     * @throws MessageTooLargeException if the message is larger than the link allows (the link stays open)
     * @throws PeerClosedException      if the peer closed the link or died
     * @throws LinkClosedException      if this side closed the link
     */
    void send(ByteBuffer message);

    /**
     * Waits up to {@code timeoutNanos} for at least one message, then hands up to {@code limit} messages that are
     * already there to {@code handler}, in order.
     *
     * @return how many messages were handled; 0 when none arrived in time
     * @throws PeerClosedException   if the peer closed the link and every message it sent has been handled
     * @throws CorruptFrameException if bytes arrived that are not a valid message
     * @throws LinkClosedException   if this side closed the link
     */
    int receive(MessageHandler handler, int limit, long timeoutNanos);

    /** {@link #receive(MessageHandler, int, long)} with a {@link Duration}. */
    default int receive(MessageHandler handler, int limit, Duration timeout) {
        return receive(handler, limit, timeout.toNanos());
    }

    /** Handles up to {@code limit} messages that are already there, without waiting. */
    default int poll(MessageHandler handler, int limit) {
        return receive(handler, limit, 0L);
    }

    /** False once the link is closed, by either side or by a failure. */
    boolean isOpen();

    /** Closes the link and releases what it holds. Harmless to call more than once. Never throws. */
    @Override
    void close();
}
