package dev.patchbay.api;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One duplex connection between two processes that carries whole messages, in order, each exactly once.
 *
 * <p>Threads: one thread may send while another receives; sends must not overlap each other, nor receives each
 * other. {@link #close()} may be called from any thread at any time and wakes a blocked send or receive.
 *
 * <p>Failures: a peer that is gone surfaces as {@link PeerClosedException} (within a second for every Patchbay
 * transport), use after {@link #close()} as {@link LinkClosedException}, bad bytes as
 * {@link CorruptFrameException}. After any of these the link is closed.
 *
 * <p>Interrupts: a thread interrupted while it waits in {@code send} or {@code receive} (or that enters either with
 * its interrupt status set and has to wait) gets {@link LinkInterruptedException} promptly, with its interrupt
 * status set again. The link stays open: no message was half-sent or half-read, so the same call may be made
 * again. An interrupt never makes a call spin, return early without saying so, or close the link.
 *
 * <p>Close: {@link #close()} from another thread wakes every call waiting in this link within milliseconds; the
 * woken calls throw {@link LinkClosedException}.
 */
public interface Link extends AutoCloseable {

    /** {@link #offer} took the message: it is on its way, in order after every message sent before it. */
    int OFFERED = 1;

    /** {@link #offer} found no room for the message now and sent nothing of it; offer it again later. */
    int BACK_PRESSURED = 0;

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
     * Sends {@code header} followed by {@code payload} (each between its position and limit) as one message, and
     * advances both positions to their limits. Blocks like {@link #send(ByteBuffer)}. Lets a caller put its own
     * header in front of an application's buffer without copying either into a staging buffer.
     *
     * <p>The default joins the two into a new buffer; every built-in transport overrides it with a gathering write.
     */
    default void send(ByteBuffer header, ByteBuffer payload) {
        ByteBuffer joined = ByteBuffer.allocate(header.remaining() + payload.remaining());
        joined.put(header).put(payload).flip();
        send(joined);
    }

    /**
     * Sends {@code header} followed by {@code payload} as one message if the medium has room for it now; never waits
     * for room to start a message. On {@link #OFFERED} both positions are advanced to their limits; on
     * {@link #BACK_PRESSURED} nothing was sent and the positions are unchanged. A medium that took the first part of
     * a message (a pipe takes a write over 4096 bytes in parts; a ring message in fragments may meet padding) finishes
     * it before returning, waiting for the reader if need be: a message is never left half-sent.
     *
     * <p>The default, for transports built before this method existed, calls {@link #send(ByteBuffer, ByteBuffer)}
     * and may therefore wait; every built-in transport overrides it.
     *
     * @return {@link #OFFERED} or {@link #BACK_PRESSURED}
     * @throws MessageTooLargeException if the message is larger than the link allows (the link stays open)
     * @throws PeerClosedException      if the peer closed the link or died
     * @throws LinkClosedException      if this side closed the link
     */
    default int offer(ByteBuffer header, ByteBuffer payload) {
        send(header, payload);
        return OFFERED;
    }

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

    /**
     * A file descriptor that poll(2) reports readable (or hung up, or in error) whenever {@link #receive} may find
     * something new: a message, the peer's close or death. With it a host waits for a thousand idle links in one
     * poll instead of looking at each in turn: an idle link then costs no CPU, and a message on it is seen at once.
     *
     * <p>It speaks for what is still in the medium, not for what the link has already read into buffers of its
     * own: the host polls it only after a {@code receive} with no wait returned 0, and never reads or writes it. The
     * descriptor stays the link's: valid until {@link #close}. Empty (the default) for a medium without one; the host
     * then looks at such a link now and then. A link that also gives a {@link #readinessWord()} may give here only
     * what the word does not say (a ring in shared memory: its peer's death, as a pidfd).
     *
     * @since plugin API 1.2
     */
    default OptionalInt readinessFd() {
        return OptionalInt.empty();
    }

    /**
     * A futex word that changes whenever {@link #receive} may find something new, for a medium in shared memory
     * that has no descriptor to poll (see {@link ReadinessWord}). Empty (the default) when the medium does not
     * wake one: the host then looks at the link now and then. A link may give both this and
     * {@link #readinessFd()}; the descriptor then need only speak for what the word does not, such as the peer's
     * death (a pidfd of the peer's process), and the host waits on both.
     *
     * @since plugin API 1.2
     */
    default Optional<ReadinessWord> readinessWord() {
        return Optional.empty();
    }

    /** False once the link is closed, by either side or by a failure. */
    boolean isOpen();

    /** Closes the link and releases what it holds. Harmless to call more than once. Never throws. */
    @Override
    void close();
}
