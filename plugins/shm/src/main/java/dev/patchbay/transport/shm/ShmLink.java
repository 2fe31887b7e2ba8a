package dev.patchbay.transport.shm;

import com.sun.jna.LastErrorException;
import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.ReadinessWord;
import dev.patchbay.kit.link.LinkLifecycle;
import dev.patchbay.sharedmem.ring.CorruptRecordException;
import dev.patchbay.sharedmem.ring.MessageWriter;
import dev.patchbay.sharedmem.ring.Reassembly;
import dev.patchbay.sharedmem.ring.RecordHandler;
import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.posix.PidFd;
import dev.patchbay.sharedmem.posix.Unistd;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.sync.Doorbell;
import dev.patchbay.sharedmem.sync.PeerSlot;
import dev.patchbay.sharedmem.sync.PeerWatch;
import dev.patchbay.sharedmem.sync.WaitStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * A link over two ring buffers in one shared memory segment: this side writes one and reads the other. The data
 * path is VarHandle loads and stores on the mapping, no system call; messages go as the shared-mem
 * {@link dev.patchbay.sharedmem.ring.MessageRecords}, a long one as fragments. Waiting (for records, or for space
 * when the outgoing ring is full) follows the address's {@code wait=} strategy, in slices of at most
 * {@value LinkLifecycle#CHECK_MILLIS} ms between which the peer's process is checked, so a peer that dies is noticed
 * within that time however idle the link is: the rules of {@link LinkLifecycle}, which this link holds.
 *
 * <p>Usable without the host, e.g. from a benchmark: {@code new ShmTransport().connect(address, options)} returns
 * one of these.
 */
public final class ShmLink implements Link {
    private static final Logger LOG = LoggerFactory.getLogger(ShmLink.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Address address;
    private final Segment segment;
    private final RingBuffer out;
    private final RingBuffer in;
    private final PeerSlot mySlot;
    private final long myWord;
    private final LinkLifecycle lifecycle;
    private final WaitStrategy wait;
    private final MessageWriter writer;
    private final Reassembly reassembly;
    private final BooleanSupplier midMessage;
    private final RecordHandler records = this::onRecord;
    /** The waits of the sending and of the receiving thread, made once: a capturing lambda per wait is garbage. */
    private final PeerWatch.Waiter spaceWaiter;
    private final PeerWatch.Waiter dataWaiter;
    private final IntSupplier drainer = () -> drain(this.drainLimit);
    private final DataWord dataWord;
    /** A pidfd of the peer's process, for a host's agent to poll beside the data word; -1 if none. */
    private final int peerFd;
    private MessageHandler handler;
    private int delivered;
    /** The record length the sending thread waits to have room for. */
    private int awaitedLength;
    /** The limit of the receive in progress, for {@link #drainer}. */
    private int drainLimit;

    /**
     * @param segment      the segment, closed (and for its creator removed) when the link is done with it
     * @param out          the ring this side writes
     * @param in           the ring this side reads
     * @param mySlot       this side's slot, open as {@code myWord}
     * @param peerSlot     the peer's slot, open as {@code peerWord}
     * @param receiveLimit the largest message this side accepts
     */
    ShmLink(Address address, Segment segment, RingBuffer out, RingBuffer in, PeerSlot mySlot, long myWord,
            PeerSlot peerSlot, long peerWord, WaitStrategy wait, int receiveLimit) {
        this.address = address;
        this.segment = segment;
        this.out = out;
        this.in = in;
        this.mySlot = mySlot;
        this.myWord = myWord;
        this.lifecycle = new LinkLifecycle(address, peerSlot, peerWord, receiveLimit, this::onClose, segment::close);
        this.wait = wait;
        this.writer = new MessageWriter(out, this::awaitSpace);
        this.reassembly = new Reassembly(in.buffer(), receiveLimit, "the mapping");
        this.midMessage = reassembly::isAssembling;
        this.spaceWaiter = lifecycle.waiter(() -> out.hasCapacityFor(awaitedLength));
        this.dataWaiter = lifecycle.waiter(in::isReadable);
        this.dataWord = in.dataDoorbell() == null ? null : new DataWord(in.dataDoorbell());
        this.peerFd = dataWord == null ? -1 : openPeerFd();
    }

    /** A pidfd of the peer, checked to be the process that holds its slot (a pid may have been reused); or -1. */
    private int openPeerFd() {
        int fd = PidFd.open(lifecycle.peer().pid());
        if (fd >= 0 && !lifecycle.peer().holderRunsNow()) {
            closeQuietly(fd);
            return -1;
        }
        return fd;
    }

    private static void closeQuietly(int fd) {
        try {
            Unistd.close(fd);
        } catch (LastErrorException e) {
            LOG.debug("closing pidfd {}: errno {}", fd, e.getErrorCode());
        }
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public void send(ByteBuffer message) {
        write(EMPTY, message, false);
    }

    @Override
    public void send(ByteBuffer header, ByteBuffer payload) {
        write(header, payload, false);
    }

    /**
     * Sends only if the ring has room for the whole message now (all its fragments, for a long one); a fragmented
     * message whose last records meet padding at the ring's end may then wait for the reader to finish it.
     */
    @Override
    public int offer(ByteBuffer header, ByteBuffer payload) {
        return write(header, payload, true) ? OFFERED : BACK_PRESSURED;
    }

    /** Writes {@code header} then {@code payload} as one message; false if {@code onlyIfRoom} and there is none. */
    private boolean write(ByteBuffer header, ByteBuffer payload, boolean onlyIfRoom) {
        int length = header.remaining() + payload.remaining();
        lifecycle.enterSend(length);
        try {
            if (onlyIfRoom && !writer.hasRoomFor(length)) {
                return false;
            }
            writer.write(header, payload);
            header.position(header.limit());
            payload.position(payload.limit());
            return true;
        } catch (CorruptRecordException e) {
            throw lifecycle.failSend(damaged("the ring this side writes", e));
        } finally {
            lifecycle.exitSend();
        }
    }

    /** Waits for room; returns true if it set an interrupt aside because the message had begun. */
    private boolean awaitSpace(int recordLength, boolean interruptible) {
        boolean setAside = false;
        awaitedLength = recordLength;
        while (true) {
            if (lifecycle.awaitSend(spaceWaiter, wait, out.spaceDoorbell()) == PeerWatch.READY) {
                return setAside;
            }
            if (interruptible) {
                throw lifecycle.interrupted("for space on " + address + " (the peer reads slowly or not at all)");
            }
            Thread.interrupted();
            setAside = true;
        }
    }

    @Override
    public int receive(MessageHandler handler, int limit, long timeoutNanos) {
        lifecycle.enterReceive(limit);
        this.handler = handler;
        try {
            int n = drain(limit);
            if (n > 0) {
                return n;
            }
            drainLimit = limit;
            return lifecycle.awaitReceive(dataWaiter, drainer, wait, in.dataDoorbell(), timeoutNanos, midMessage);
        } finally {
            this.handler = null;
            lifecycle.exitReceive();
        }
    }

    /** Polls until {@code limit} messages are delivered or no record is left; returns how many were delivered. */
    private int drain(int limit) {
        delivered = 0;
        try {
            while (delivered < limit && in.poll(records, limit - delivered) > 0) {
                // Fragments count as records but not as messages: go on while records come.
            }
        } catch (CorruptRecordException e) {
            throw lifecycle.failReceive(damaged("the ring this side reads", e));
        } catch (CorruptFrameException e) {
            throw lifecycle.failReceive(e);
        }
        return delivered;
    }

    private void onRecord(int type, ByteBuffer ring, int index, int length) {
        ByteBuffer message;
        try {
            message = reassembly.onRecord(type, ring, index, length);
        } catch (CorruptRecordException e) {
            // The ring itself is sound, its records are not: said as "damaged ring" all the same, with the offset.
            throw new CorruptFrameException("damaged ring in " + segment.spec().describe() + " (" + address + "), "
                    + e.getMessage());
        }
        if (message != null) {
            delivered++;
            handler.onMessage(message);
        }
    }

    /** The doorbell of the ring this side reads, when the rings ring doorbells ({@code wait=futex}). */
    @Override
    public Optional<ReadinessWord> readinessWord() {
        return Optional.ofNullable(dataWord);
    }

    /** Beside the data word: the peer's pidfd, readable once the peer's process has exited. */
    @Override
    public OptionalInt readinessFd() {
        return peerFd >= 0 && !lifecycle.isClosed() ? OptionalInt.of(peerFd) : OptionalInt.empty();
    }

    @Override
    public boolean isOpen() {
        return lifecycle.isOpen();
    }

    /**
     * Marks this side closed in the segment and wakes every waiter (ours and the peer's); the mapping goes when no
     * thread of ours is inside it any more, and the segment's creator then removes its name.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /** The first close's own part, before the gate shuts: the mapping is still ours. */
    private void onClose() {
        mySlot.close(myWord);
        if (dataWord != null) {
            dataWord.withdraw();
        }
        if (peerFd >= 0) {
            closeQuietly(peerFd);
        }
        for (Doorbell doorbell : new Doorbell[] {out.dataDoorbell(), out.spaceDoorbell(), in.dataDoorbell(),
                in.spaceDoorbell()}) {
            if (doorbell != null) {
                doorbell.ring();
            }
        }
        LOG.debug("closed {} ({})", address, segment.spec().describe());
    }

    /**
     * The incoming ring's data doorbell as a {@link ReadinessWord}. A host's agent uses it while no receive runs,
     * but a send may, so it goes through the gate's watch lane; once the link is closed every call returns a new
     * value, so that a waiter looks at the link and finds it closed.
     */
    private final class DataWord implements ReadinessWord {
        private final Doorbell bell;
        private boolean armed;
        private int last;

        DataWord(Doorbell bell) {
            this.bell = bell;
        }

        @Override
        public long address() {
            return bell.sequenceAddress();
        }

        @Override
        public synchronized int arm() {
            if (armed) {
                return value();
            }
            if (lifecycle.isClosed() || !lifecycle.enterWatch()) {
                return ++last;
            }
            try {
                armed = true;
                last = bell.arm();
                return last;
            } finally {
                lifecycle.exitWatch();
            }
        }

        @Override
        public synchronized int value() {
            if (!lifecycle.enterWatch()) {
                return ++last;
            }
            try {
                last = bell.value();
                return last;
            } finally {
                lifecycle.exitWatch();
            }
        }

        @Override
        public synchronized void disarm() {
            if (!armed) {
                return;
            }
            armed = false;
            if (lifecycle.enterWatch()) {
                try {
                    bell.disarm();
                } finally {
                    lifecycle.exitWatch();
                }
            }
        }

        /** On close, before the gate shuts: the mapping is still ours. */
        synchronized void withdraw() {
            if (armed) {
                armed = false;
                bell.disarm();
            }
        }
    }

    private CorruptFrameException damaged(String which, CorruptRecordException e) {
        return new CorruptFrameException("damaged ring in " + segment.spec().describe() + " (" + address + "), "
                + which + ": " + e.getMessage());
    }

    /** The ring this side writes, for tests that put bad records on it. */
    RingBuffer outgoing() {
        return out;
    }

    @Override
    public String toString() {
        return "ShmLink[" + address + ", " + segment.spec().describe() + (isOpen() ? "" : ", closed") + "]";
    }
}
