package dev.patchbay.host.natives;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A link a native module made. Subclasses move the messages: {@link CallLink} through pb_send and pb_receive,
 * {@link RingLink} through the module's shared rings. Either way every call is counted (see {@link NativeHandle}),
 * so that {@link #close()} from another thread wakes a blocked call and the C link is freed only after it returned.
 */
abstract class NativeLink extends NativeHandle implements Link {
    protected final Address address;
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
        } catch (PeerClosedException e) {
            // What the peer sent before it went stays readable; only writing is over.
            writeFailure = e;
            throw e;
        } catch (LinkClosedException e) {
            throw readFailure != null ? readFailure : e;
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
        return joinBuffer.clear().put(header.duplicate()).put(payload.duplicate()).flip();
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
            throw e;
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
        return readFailure != null ? readFailure : closed();
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
