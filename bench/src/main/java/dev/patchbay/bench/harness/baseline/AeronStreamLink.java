package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.TransportIoException;
import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.ReservedValueSupplier;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Link} over two Aeron streams (IPC or UDP), one each way, as a user who picks Aeron would write it: an
 * exclusive publication offered with back-pressure retries, a subscription polled through a fragment assembler
 * (messages longer than the MTU travel as fragments). Waiting, for data or for room, goes through the given
 * {@link IdleStrategy}.
 *
 * <p>Closing offers one empty message whose reserved value is {@link #CLOSE_MARK}: Aeron tells a subscriber that
 * its publisher left only after the driver noticed, and the driver may be in the process that left.
 */
final class AeronStreamLink extends PollingLink {
    /** The reserved value of the closing message; every other message carries 0. */
    static final long CLOSE_MARK = 0x7062_2d63_6c6f_7365L;
    /** Fragments taken per poll: a 64 KiB message is about 48 of them at the default MTU. */
    private static final int FRAGMENT_LIMIT = 256;
    /** How long closing tries to get its closing message past back-pressure. */
    private static final long CLOSE_OFFER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final ReservedValueSupplier DATA = (buffer, offset, length) -> 0L;
    private static final ReservedValueSupplier CLOSING = (buffer, offset, length) -> CLOSE_MARK;
    private static final UnsafeBuffer NOTHING = new UnsafeBuffer(new byte[0]);

    private final Aeron aeron;
    private final ExclusivePublication out;
    private final Subscription in;
    private final IdleStrategy idle;
    private final AutoCloseable driver;
    private final UnsafeBuffer source = new UnsafeBuffer(0, 0);
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this::onFragment, 0, true);
    private final MessageViews views = new MessageViews();
    private MessageHandler handler;
    private int limit;
    private int delivered;
    private int fragments;
    private volatile boolean closeMarkSeen;

    /**
     * @param driver the embedded media driver this side runs, closed last; null on the side that has none
     */
    AeronStreamLink(Address address, Aeron aeron, ExclusivePublication out, Subscription in, IdleStrategy idle,
                 AutoCloseable driver) {
        super(address);
        this.aeron = aeron;
        this.out = out;
        this.in = in;
        this.idle = idle;
        this.driver = driver;
    }

    @Override
    public void send(ByteBuffer message) {
        int length = checkSend(message, out.maxMessageLength());
        source.wrap(message, message.position(), length);
        long result;
        while ((result = out.offer(source, 0, length, DATA)) < 0) {
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED || closeMarkSeen) {
                throw peerClosed();
            }
            if (result == Publication.MAX_POSITION_EXCEEDED) {
                throw new TransportIoException("stream of " + address() + " reached its maximum position");
            }
            idle.idle();
        }
        idle.reset();
        message.position(message.limit());
    }

    @Override
    int take(MessageHandler handler, int limit) {
        this.handler = handler;
        this.limit = limit;
        delivered = 0;
        fragments = in.controlledPoll(assembler, FRAGMENT_LIMIT);
        return delivered;
    }

    private Action onFragment(DirectBuffer buffer, int offset, int length, Header header) {
        if (header.reservedValue() == CLOSE_MARK) {
            closeMarkSeen = true;
            return Action.BREAK;
        }
        handler.onMessage(views.of(buffer, offset, length));
        return ++delivered >= limit ? Action.BREAK : Action.CONTINUE;
    }

    /**
     * The closing message comes after everything the peer sent. Without it, a subscription that lost its publisher
     * (and has nothing left to take) also means the peer is gone.
     */
    @Override
    boolean peerGone() {
        return closeMarkSeen || fragments == 0 && !in.isConnected();
    }

    /** Fragments of a message still on its way are work too: the wait starts afresh after them. */
    @Override
    void idle() {
        idle.idle(fragments);
    }

    @Override
    void rested() {
        idle.reset();
    }

    @Override
    void release() {
        if (!closeMarkSeen) {
            long deadline = System.nanoTime() + CLOSE_OFFER_NANOS;
            long result;
            do {
                result = out.offer(NOTHING, 0, 0, CLOSING);
            } while ((result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
                    && System.nanoTime() - deadline < 0);
        }
        aeron.close();
        if (driver != null) {
            try {
                driver.close();
            } catch (Exception e) {
                // Closing is best effort: the driver deletes its folder on the next start of that name too.
            }
        }
    }

    /** Byte-buffer views of the messages Aeron hands over as DirectBuffers, made again only when the memory moves. */
    private static final class MessageViews {
        private Object memory;
        private ByteBuffer view;

        ByteBuffer of(DirectBuffer buffer, int offset, int length) {
            ByteBuffer wrapped = buffer.byteBuffer();
            Object backing = wrapped != null ? wrapped : buffer.byteArray();
            if (backing != memory) {
                memory = backing;
                view = (wrapped != null ? wrapped.duplicate() : ByteBuffer.wrap(buffer.byteArray()))
                        .order(ByteOrder.LITTLE_ENDIAN);
            }
            int start = buffer.wrapAdjustment() + offset;
            view.limit(view.capacity()).position(start).limit(start + length);
            return view;
        }
    }
}
