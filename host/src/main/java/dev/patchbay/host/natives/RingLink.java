package dev.patchbay.host.natives;

import com.sun.jna.Pointer;
import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.ring.CorruptRecordException;
import dev.patchbay.sharedmem.ring.MessageWriter;
import dev.patchbay.sharedmem.ring.Reassembly;
import dev.patchbay.sharedmem.ring.RecordHandler;
import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.ring.RingBufferDescriptor;
import dev.patchbay.sharedmem.segment.Region;

import java.nio.ByteBuffer;

/**
 * A native link whose module offers its rings (PB_CAP_SHARED_RINGS): messages are written to and read from the
 * shared memory here, with the shared-mem ring buffer code, and the module is called only to wait (pb_await) once
 * a short spin found the ring empty or full. A message costs no native call while the other side keeps up.
 *
 * <p>The rings carry the shared-mem {@link dev.patchbay.sharedmem.ring.MessageRecords}, as the shm link's do
 * (docs/PROTOCOL.md, "Message records"); the module writes and reads the same records in C.
 */
final class RingLink extends NativeLink {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Spins on the ring before asking the module to wait: a reply usually comes within them. */
    private static final int SPINS = 200;
    /**
     * The longest one wait in the module lasts: an interrupt cannot reach a thread inside a native call, so it is
     * looked at between slices.
     */
    private static final long WAIT_SLICE_NANOS = 100_000_000L;

    private final RingBuffer tx;
    private final RingBuffer rx;
    private final MessageWriter writer;
    private final Reassembly reassembly;
    private final RecordHandler records = this::onRecord;
    private MessageHandler handler;
    private int delivered;

    private RingLink(LoadedLibrary library, long handle, Address address, int maxMessage, RingBuffer tx,
                     RingBuffer rx) {
        super(library, handle, address, maxMessage);
        this.tx = tx;
        this.rx = rx;
        this.writer = new MessageWriter(tx, this::awaitSpace);
        this.reassembly = new Reassembly(rx.buffer(), maxMessage, "the ring");
    }

    /**
     * A ring link over the rings at {@code txAddress} and {@code rxAddress}.
     *
     * @throws TransportIoException if they are not one-producer rings with doorbells of ring layout 1.x
     */
    static RingLink over(LoadedLibrary library, long handle, Address address, int maxMessage, long txAddress,
                         long rxAddress) {
        RingBuffer tx = attach(library, address, txAddress);
        RingBuffer rx = attach(library, address, rxAddress);
        return new RingLink(library, handle, address, maxMessage, tx, rx);
    }

    private static RingBuffer attach(LoadedLibrary library, Address address, long ring) {
        Pointer p = new Pointer(ring);
        int capacity = p.getInt(RingBufferDescriptor.CAPACITY_OFFSET);
        try {
            RingBufferDescriptor.checkCapacity(capacity);
            RingBuffer buffer = RingBuffer.attach(Region.of(p.getByteBuffer(0,
                    RingBufferDescriptor.requiredLength(capacity))));
            if (buffer.isManyProducer() || !buffer.hasDoorbells()) {
                throw new IncompatibleLayoutException("it has many producers or no doorbells");
            }
            return buffer;
        } catch (IllegalArgumentException | IncompatibleLayoutException e) {
            throw new TransportIoException(library.fileName() + ": pb_link_rings for " + address
                    + " gave a ring this host cannot use: " + e.getMessage());
        }
    }

    /** Sends only if the ring has room for every record of the message now. */
    @Override
    public int offer(ByteBuffer header, ByteBuffer payload) {
        if (!writer.hasRoomFor(header.remaining() + payload.remaining())) {
            return BACK_PRESSURED;
        }
        send(header, payload);
        return OFFERED;
    }

    @Override
    protected void transmit(ByteBuffer message, int length) {
        try {
            writer.write(EMPTY, message);
        } catch (CorruptRecordException e) {
            throw new CorruptFrameException("corrupt record on " + address + ", the ring this side writes: "
                    + e.getMessage());
        }
    }

    /**
     * Spins a little, then has the module wait for room for a record; returns true if it set an interrupt aside to
     * finish a message already begun.
     */
    private boolean awaitSpace(int recordLength, boolean interruptible) {
        boolean setAside = false;
        for (int spins = 0; spins < SPINS; spins++) {
            if (tx.hasCapacityFor(recordLength)) {
                return false;
            }
            Thread.onSpinWait();
        }
        if (Thread.currentThread().isInterrupted()) {
            if (interruptible) {
                throw interrupted("send");
            }
            Thread.interrupted();
            setAside = true;
        }
        int code = awaitWatched(NativeAbi.PB_AWAIT_WRITABLE, recordLength, WAIT_SLICE_NANOS);
        if (code != NativeAbi.PB_OK && code != NativeAbi.PB_ERR_TIMEOUT) {
            throw failure(code, "pb_await(writable)");
        }
        return setAside;
    }

    @Override
    protected int take(MessageHandler handler, int limit, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        this.handler = handler;
        this.delivered = 0;
        boolean lookedAtPeer = false;
        try {
            while (true) {
                int polled = rx.poll(records, limit - delivered);
                if (delivered > 0) {
                    return delivered;
                }
                if (polled > 0) {
                    // Fragments only so far: the rest of the message is on its way or there already.
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (lookedAtPeer) {
                        return 0;
                    }
                    // A poll that found nothing (an agent's, on an idle channel) still lets the module look at its
                    // peer, at most every 100 ms: otherwise a peer killed while the link is idle is never noticed.
                    lookedAtPeer = true;
                    int code = awaitWatched(NativeAbi.PB_AWAIT_READABLE, 0, 0);
                    if (code != NativeAbi.PB_OK && code != NativeAbi.PB_ERR_TIMEOUT) {
                        throw failure(code, "pb_await(readable)");
                    }
                    continue;
                }
                if (spinUntilReadable()) {
                    continue;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw interrupted("receive");
                }
                int code = awaitWatched(NativeAbi.PB_AWAIT_READABLE, 0, Math.min(left, WAIT_SLICE_NANOS));
                if (code == NativeAbi.PB_ERR_TIMEOUT) {
                    if (left > WAIT_SLICE_NANOS) {
                        continue;
                    }
                    return rx.poll(records, limit) > 0 ? delivered : 0;
                }
                if (code != NativeAbi.PB_OK) {
                    throw failure(code, "pb_await(readable)");
                }
            }
        } catch (IndexOutOfBoundsException e) {
            throw new CorruptFrameException("corrupt record on " + address + ": it does not fit the ring ("
                    + e.getMessage() + ")");
        } finally {
            this.handler = null;
        }
    }

    private boolean spinUntilReadable() {
        for (int i = 0; i < SPINS; i++) {
            if (rx.isReadable()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private void onRecord(int type, ByteBuffer buffer, int index, int length) {
        ByteBuffer message;
        try {
            message = reassembly.onRecord(type, buffer, index, length);
        } catch (CorruptRecordException e) {
            throw new CorruptFrameException("corrupt record on " + address + ": " + e.getMessage());
        }
        if (message != null) {
            delivered++;
            deliver(handler, message);
        }
    }
}
