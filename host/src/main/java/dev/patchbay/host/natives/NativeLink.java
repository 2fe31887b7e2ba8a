package dev.patchbay.host.natives;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.module.ModuleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A link a native module made. Subclasses move the messages: {@link CallLink} through pb_send and pb_receive,
 * {@link RingLink} through the module's shared rings. Either way every call is counted (see {@link NativeHandle}),
 * so that {@link #close()} from another thread wakes a blocked call and the C link is freed only after it returned.
 */
abstract class NativeLink extends NativeHandle implements Link {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLink.class);
    /** How long one pb_send_timeout waits for room before the host looks again. */
    static final long SEND_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long a call may go on after its link was shut down under it before a warning says it is stuck. */
    private static final long SHUTDOWN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    protected final Address address;
    private final CallSlot sending = new CallSlot();
    private final CallSlot receiving = new CallSlot();
    /** Why the watchdog shut this link down: a call into the module overran its bound. */
    private volatile PatchbayException cutOff;
    private volatile boolean reportedStuck;
    /** How long past its timeout a call may return before it is cut off (see {@link CallWatchdog#graceNanos}). */
    private final long graceNanos = CallWatchdog.graceNanos();
    protected final int maxMessage;
    private volatile PatchbayException writeFailure;
    /** Why a receive closed the link: what every thread that finds it closed afterwards is told. */
    private volatile PatchbayException readFailure;
    private ByteBuffer joinBuffer;

    NativeLink(LoadedLibrary library, long handle, Address address, int maxMessage) {
        super(library, handle);
        this.address = address;
        this.maxMessage = maxMessage;
    }

    @Override
    public final Address address() {
        return address;
    }

    @Override
    public final void send(ByteBuffer message) {
        int length = message.remaining();
        if (length > maxMessage) {
            throw new MessageTooLargeException(length, maxMessage);
        }
        if (writeFailure != null) {
            throw writeFailure;
        }
        if (!enter()) {
            throw closedOrWhy();
        }
        try {
            transmit(message, length);
        } catch (PatchbayException e) {
            if (cutOff != null) {
                throw cutOff;
            }
            if (e instanceof PeerClosedException) {
                // What the peer sent before it went stays readable; only writing is over.
                writeFailure = e;
            } else if (e instanceof LinkClosedException && readFailure != null) {
                throw readFailure;
            }
            throw e;
        } finally {
            leave();
        }
        message.position(message.limit());
    }

    /**
     * The module's ABI takes one buffer per message, so a header and a payload are joined in a buffer this link
     * keeps (grown to the longest message sent, never shrunk): one copy, no allocation once warm.
     */
    @Override
    public final void send(ByteBuffer header, ByteBuffer payload) {
        if (!header.hasRemaining()) {
            send(payload);
            return;
        }
        ByteBuffer joined = join(header, payload);
        send(joined);
        header.position(header.limit());
        payload.position(payload.limit());
    }

    /**
     * Sends only if the module has room now; this default cannot tell and sends, waiting if need be (modules whose
     * rings the host writes itself override it).
     */
    @Override
    public int offer(ByteBuffer header, ByteBuffer payload) {
        send(header, payload);
        return OFFERED;
    }

    /** Header and payload in one buffer of this link's, ready to send; positions of both are left alone. */
    protected final ByteBuffer join(ByteBuffer header, ByteBuffer payload) {
        int length = header.remaining() + payload.remaining();
        if (length > maxMessage) {
            throw new MessageTooLargeException(length, maxMessage);
        }
        if (joinBuffer == null || joinBuffer.capacity() < length) {
            joinBuffer = ByteBuffer.allocateDirect(Math.max(length, 4096));
        }
        int headerLength = header.remaining();
        // Absolute puts: duplicate() to keep the positions would be two buffers per message.
        joinBuffer.clear();
        joinBuffer.put(0, header, header.position(), headerLength);
        joinBuffer.put(headerLength, payload, payload.position(), length - headerLength);
        return joinBuffer.limit(length);
    }

    /** Thrown where a thread waiting in the module was interrupted; the link stays open. */
    protected final LinkInterruptedException interrupted(String what) {
        Thread.currentThread().interrupt();
        return new LinkInterruptedException("interrupted while waiting in " + what + " on " + address
                + "; the link is still open");
    }

    @Override
    public final int receive(MessageHandler handler, int limit, long timeoutNanos) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (!enter()) {
            throw closedOrWhy();
        }
        try {
            return take(handler, limit, Math.max(0, timeoutNanos));
        } catch (HandlerFailure e) {
            // The application's handler threw: that says nothing about the link, which stays open.
            throw e.getCause();
        } catch (LinkClosedException | LinkInterruptedException e) {
            throw cutOff != null ? cutOff : e;
        } catch (PatchbayException e) {
            // A closed peer, corrupt bytes, a failing call: the link is done.
            readFailure = e;
            close();
            throw e;
        } finally {
            leave();
        }
    }

    /** Sends {@code length} bytes from the message's position; counted, limit checked. */
    protected abstract void transmit(ByteBuffer message, int length);

    /** Receives; counted, arguments checked. */
    protected abstract int take(MessageHandler handler, int limit, long timeoutNanos);

    /** Hands one message to the application, marking what it throws as its own (see {@link #receive}). */
    protected static void deliver(MessageHandler handler, ByteBuffer message) {
        try {
            handler.onMessage(message);
        } catch (RuntimeException e) {
            throw new HandlerFailure(e);
        }
    }

    /** Carries an exception of the application's handler through the ring code, unchanged. */
    private static final class HandlerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HandlerFailure(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    /** The exception for a failed call. */
    protected final PatchbayException failure(int code, String call) {
        return NativeErrors.toException(code, abi, library.fileName() + ": " + call + " on " + address);
    }

    /** The failure that closed the link (the peer's leaving, say), or else that it is closed. */
    private PatchbayException closedOrWhy() {
        if (cutOff != null) {
            return cutOff;
        }
        return readFailure != null ? readFailure : closed();
    }

    /**
     * pb_send. With pb_send_timeout, in slices of {@link #SEND_SLICE_NANOS}, each of which must return within the
     * grace period: a peer that is slow to read only makes this loop longer, a hung module is cut off. Without it,
     * plain pb_send, unwatched: back-pressure may last as long as the peer does not read, so it has no bound.
     */
    protected final int sendWatched(long data, int length) {
        BoundedSend bounded = library.boundedSend();
        if (bounded == null) {
            return abi.send(handle, data, length);
        }
        while (true) {
            int code;
            sending.begin("pb_send_timeout", SEND_SLICE_NANOS, graceNanos);
            try {
                code = bounded.sendTimeout(handle, data, length, SEND_SLICE_NANOS);
            } finally {
                sending.end();
            }
            if (code != NativeAbi.PB_ERR_TIMEOUT) {
                return code;
            }
        }
    }

    /** pb_receive, watched: it must return within its timeout and the grace period. */
    protected final int receiveWatched(long buffer, int capacity, long timeoutNanos) {
        receiving.begin("pb_receive", timeoutNanos, graceNanos);
        try {
            return abi.receive(handle, buffer, capacity, timeoutNanos);
        } finally {
            receiving.end();
        }
    }

    /** pb_await, watched like {@link #receiveWatched}; a wait for room counts as the sending side's call. */
    protected final int awaitWatched(int what, int length, long timeoutNanos) {
        boolean writable = what == NativeAbi.PB_AWAIT_WRITABLE;
        CallSlot slot = writable ? sending : receiving;
        slot.begin(writable ? "pb_await(writable)" : "pb_await(readable)", timeoutNanos, graceNanos);
        try {
            return abi.await(handle, what, length, timeoutNanos);
        } finally {
            slot.end();
        }
    }

    /**
     * Called by {@link CallWatchdog}: a call past its timeout and the grace period ignored the timeout, so its
     * module counts as hung (FAILED, nothing opens links through it again) and the link is shut down under the
     * call, which wakes it if anything does; the caller then gets why.
     */
    final void checkCalls(long now) {
        check(sending, now);
        check(receiving, now);
    }

    private void check(CallSlot slot, long now) {
        String call = slot.call();
        long late = slot.lateBy(now);
        if (call == null || late < 0) {
            return;
        }
        String module = library.fileName();
        if (cutOff == null) {
            String why = module + ": " + call + " on " + address + " overran its timeout of "
                    + seconds(slot.timeout()) + " by " + seconds(slot.overrun(now)) + ", past the grace of "
                    + seconds(graceNanos);
            cutOff = new ModuleException(why + "; the link was shut down and " + module + " marked FAILED as hung");
            LOG.warn("{}; shutting the link down", why);
            library.reportHung(why);
            close();
        } else if (late > SHUTDOWN_GRACE_NANOS && !reportedStuck) {
            reportedStuck = true;
            LOG.warn("{}: {} on {} did not return even after pb_shutdown; a thread stays stuck in it", module, call,
                    address);
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    protected final LinkClosedException closed() {
        return new LinkClosedException("link " + address + " is closed");
    }

    @Override
    public final boolean isOpen() {
        return !isClosing() && writeFailure == null;
    }

    /** The module's counters for this link (pb_link_stats), if it has any. */
    public final Map<String, Long> stats() {
        if (!enter()) {
            return Map.of();
        }
        try {
            return library.stats(handle);
        } finally {
            leave();
        }
    }

    @Override
    protected final void watched(boolean on) {
        if (on) {
            CallWatchdog.watch(this);
        } else {
            CallWatchdog.forget(this);
        }
    }

    @Override
    protected final void shutdown() {
        abi.shutdown(handle);
    }

    @Override
    protected final void free() {
        abi.close(handle);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + address + " via " + library.fileName() + "]";
    }
}
