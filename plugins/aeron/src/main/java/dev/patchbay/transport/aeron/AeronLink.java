package dev.patchbay.transport.aeron;

import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A link over one Aeron publication (to the peer) and one image (from the peer's publication). Aeron keeps order,
 * retransmits what a network loses, and splits a message into MTU-sized fragments that a
 * {@link ControlledFragmentAssembler} joins again. The peer is gone when its image ends (it closed: end of stream,
 * after everything it sent) or is dropped (silent for {@link EmbeddedDriver#PEER_SILENCE_NANOS}), or when our
 * publication is no longer connected (it stopped acknowledging).
 */
final class AeronLink implements Link {
    /** Fragments read per poll at most: a whole largest message is about 12,000, so polls stay short. */
    private static final int FRAGMENT_LIMIT = 4096;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** How long a close waits for what was offered to leave, so a peer that exits at once still gets it. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Address address;
    private final Drivers.Lease lease;
    private final Subscription subscription;
    private final ExclusivePublication publication;
    /** Null when the peer closed before its image was seen: nothing to read, the close to report. */
    private final Image image;
    private final int maxMessage;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final UnsafeBuffer sendHeader = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer sendPayload = new UnsafeBuffer(0, 0);
    private final Delivery delivery = new Delivery();
    /** The waits of the sending and of the receiving thread, kept: an object per wait was garbage per message. */
    private final Backoff sendBackoff = new Backoff();
    private final Backoff receiveBackoff = new Backoff();
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(delivery, 4096, true);
    /** How often the peer's process is looked at, when it is known: a read of /proc, too dear for every call. */
    private static final long PROCESS_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How long a link still reads after its peer's process died, before it reports the death. */
    private static final long AFTER_DEATH_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private volatile String peerGone;
    /** The peer's process when it is on this machine and known (a named address), else null. */
    private final ProcessIdentity peerProcess;
    private volatile long lastProcessLook = System.nanoTime();
    private volatile long processGoneAt;

    AeronLink(Address address, Drivers.Lease lease, Subscription subscription, ExclusivePublication publication,
              Image image, int maxMessage, ProcessIdentity peerProcess) {
        this.peerProcess = peerProcess;
        this.address = address;
        this.lease = lease;
        this.subscription = subscription;
        this.publication = publication;
        this.image = image;
        this.maxMessage = maxMessage;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public void send(ByteBuffer message) {
        send(EMPTY, message);
    }

    @Override
    public void send(ByteBuffer header, ByteBuffer payload) {
        checkSize(header, payload);
        Backoff backoff = sendBackoff.reset();
        while (tryOffer(header, payload) != OFFERED) {
            if (Thread.currentThread().isInterrupted()) {
                throw new LinkInterruptedException("interrupted while waiting for room on " + address);
            }
            backoff.idle();
        }
    }

    @Override
    public int offer(ByteBuffer header, ByteBuffer payload) {
        checkSize(header, payload);
        return tryOffer(header, payload);
    }

    private void checkSize(ByteBuffer header, ByteBuffer payload) {
        ensureOpen();
        long length = (long) header.remaining() + payload.remaining();
        if (length > maxMessage) {
            throw new MessageTooLargeException((int) Math.min(Integer.MAX_VALUE, length), maxMessage);
        }
    }

    /** One offer of the whole message: Aeron appends all its fragments or none. */
    private int tryOffer(ByteBuffer header, ByteBuffer payload) {
        ensureOpen();
        int headerLength = header.remaining();
        int payloadLength = payload.remaining();
        wrap(sendHeader, header);
        wrap(sendPayload, payload);
        long result = publication.offer(sendHeader, 0, headerLength, sendPayload, 0, payloadLength);
        if (result > 0) {
            header.position(header.limit());
            payload.position(payload.limit());
            return OFFERED;
        }
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION) {
            checkPeer();
            return BACK_PRESSURED;
        }
        if (result == Publication.NOT_CONNECTED) {
            throw peerClosed("the peer stopped acknowledging (publication not connected)");
        }
        if (result == Publication.CLOSED) {
            ensureOpen();
            throw peerClosed("the publication was closed by the media driver");
        }
        throw new TransportIoException("offer on " + address + " failed: " + Publication.errorString(result));
    }

    private static void wrap(UnsafeBuffer target, ByteBuffer source) {
        if (source.remaining() == 0) {
            target.wrap(0, 0);
        } else {
            target.wrap(source, source.position(), source.remaining());
        }
    }

    @Override
    public int receive(MessageHandler handler, int limit, long timeoutNanos) {
        ensureOpen();
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        Backoff backoff = receiveBackoff.reset();
        while (true) {
            int n = pollOnce(handler, limit);
            if (n > 0) {
                return n;
            }
            checkPeer();
            if (timeoutNanos <= 0 || System.nanoTime() - deadline >= 0) {
                return 0;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new LinkInterruptedException("interrupted while waiting for a message on " + address);
            }
            backoff.idle();
            ensureOpen();
        }
    }

    private int pollOnce(MessageHandler handler, int limit) {
        if (image == null) {
            return 0;
        }
        delivery.start(handler, limit);
        image.controlledPoll(assembler, FRAGMENT_LIMIT);
        return delivery.finish();
    }

    /** Throws when the peer is gone; what it sent before has been handed out by then. */
    private void checkPeer() {
        String why = peerGone;
        if (why == null) {
            if (image == null || image.isEndOfStream()) {
                why = "the peer closed the link";
            } else if (image.isClosed() || !publication.isConnected()) {
                why = "the peer was silent for " + TimeUnit.NANOSECONDS.toMillis(EmbeddedDriver.PEER_SILENCE_NANOS)
                        + " ms (its image is gone or it stopped acknowledging)";
            } else if (peerProcessGone()) {
                why = "the peer's process " + peerProcess.pid() + " is gone";
            } else {
                return;
            }
        }
        throw peerClosed(why);
    }

    /**
     * True once the peer's process has been seen dead for {@link #AFTER_DEATH_NANOS}: what it sent just before it
     * exited may still be in this machine's socket buffers, waiting for our driver's thread, and is read first.
     */
    private boolean peerProcessGone() {
        long now = System.nanoTime();
        if (peerProcess == null) {
            return false;
        }
        if (processGoneAt != 0) {
            return now - processGoneAt >= AFTER_DEATH_NANOS;
        }
        if (now - lastProcessLook >= PROCESS_LOOK_NANOS) {
            lastProcessLook = now;
            if (!peerProcess.isAliveLately()) {
                processGoneAt = now;
            }
        }
        return false;
    }

    private PeerClosedException peerClosed(String why) {
        peerGone = why;
        shutDown(false);
        return new PeerClosedException(address + ": " + why);
    }

    private void ensureOpen() {
        if (closed.get() && peerGone == null) {
            throw new LinkClosedException("link " + address + " is closed");
        }
        if (peerGone != null) {
            throw new PeerClosedException(address + ": " + peerGone);
        }
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void close() {
        shutDown(true);
    }

    private void shutDown(boolean drain) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (drain && peerGone == null) {
            awaitSent();
        }
        CloseHelper.quietCloseAll(publication, subscription);
        lease.close();
    }

    /**
     * Gives what was offered a moment to leave before the publication closes: an application that sends, closes
     * and exits would otherwise take its last messages (and the end of stream) down with its embedded driver.
     */
    private void awaitSent() {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        long target = publication.position();
        Backoff backoff = new Backoff();
        while (publication.isConnected() && System.nanoTime() - deadline < 0
                && SenderPosition.of(lease.aeron(), publication) < target) {
            backoff.idle();
        }
    }

    /** Hands assembled messages to the application's handler, at most {@code limit} per poll. */
    private final class Delivery implements ControlledFragmentHandler {
        private MessageHandler handler;
        private int limit;
        private int count;
        private RuntimeException failure;
        private Error error;
        private ByteBuffer scratch = ByteBuffer.allocateDirect(0);
        /** The buffer of Aeron's that {@link #view} looks into, and the view. */
        private ByteBuffer viewed;
        private ByteBuffer view;

        void start(MessageHandler handler, int limit) {
            this.handler = handler;
            this.limit = Math.max(1, limit);
            this.count = 0;
        }

        int finish() {
            handler = null;
            if (error != null) {
                Error e = error;
                error = null;
                throw e;
            }
            if (failure != null) {
                RuntimeException e = failure;
                failure = null;
                throw e;
            }
            return count;
        }

        @Override
        public Action onFragment(DirectBuffer buffer, int offset, int length, Header header) {
            if (count >= limit) {
                return Action.ABORT;
            }
            count++;
            try {
                if (length > maxMessage) {
                    CorruptFrameException e = new CorruptFrameException(address + ": a message of " + length
                            + " bytes exceeds the limit of " + maxMessage);
                    shutDown(false);
                    throw e;
                }
                handler.onMessage(view(buffer, offset, length));
            } catch (RuntimeException e) {
                failure = e;
                return Action.BREAK;
            } catch (Error e) {
                error = e;
                return Action.BREAK;
            }
            return count >= limit ? Action.BREAK : Action.CONTINUE;
        }

        /** The message as a ByteBuffer over Aeron's memory where it can be, else copied once. */
        private ByteBuffer view(DirectBuffer buffer, int offset, int length) {
            ByteBuffer backing = buffer.byteBuffer();
            if (backing != null) {
                if (backing != viewed) {
                    // One view per term buffer, not one per message.
                    viewed = backing;
                    view = backing.duplicate();
                }
                int start = buffer.wrapAdjustment() + offset;
                view.clear();
                return view.limit(start + length).position(start);
            }
            byte[] array = buffer.byteArray();
            if (array != null) {
                return ByteBuffer.wrap(array, buffer.wrapAdjustment() + offset, length).slice();
            }
            if (scratch.capacity() < length) {
                scratch = ByteBuffer.allocateDirect(Math.max(length, scratch.capacity() * 2));
            }
            buffer.getBytes(offset, scratch, 0, length);
            return scratch.duplicate().limit(length).position(0);
        }
    }

    /** Spin a little, yield, then park from 1 µs doubling to 1 ms: never a busy loop on two shared cores. */
    private static final class Backoff {
        private int spins;
        private long park = 1_000;

        /** Back to spinning, for the next wait. */
        Backoff reset() {
            spins = 0;
            park = 1_000;
            return this;
        }

        void idle() {
            if (spins < 20) {
                spins++;
                Thread.onSpinWait();
            } else if (spins < 30) {
                spins++;
                Thread.yield();
            } else {
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, 1_000_000);
            }
        }
    }
}
