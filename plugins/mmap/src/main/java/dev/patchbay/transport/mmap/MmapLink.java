package dev.patchbay.transport.mmap;

import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.sharedmem.sync.CloseGate;
import dev.patchbay.sharedmem.sync.Doorbell;
import dev.patchbay.sharedmem.sync.PeerSlot;
import dev.patchbay.sharedmem.sync.PeerWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * A link over two persistent logs in mapped files, one per direction. Sending appends a record (length, sequence
 * number, CRC-32C, payload) and commits it by storing its length last; receiving checks each record before handing
 * it out and saves how far it got after each one. Either process may be killed at any point: what was committed
 * stays, what was half-written is cut off by the next writer, and the next reader starts right after the last
 * record it handed out. Waiting and peer watching are those of the shm link: the {@code wait=} strategy, in slices
 * of at most {@value #CHECK_MILLIS} ms between which the peer's process is checked.
 *
 * <p>When both sides have closed cleanly and each has read everything the other wrote, the last one to close
 * deletes the files, unless the address says {@code retain=all}. Otherwise they stay for the next link on the
 * name, which carries on where this one stopped.
 *
 * <p>Usable without the host: {@code new MmapTransport().connect(address, options)} returns one of these.
 */
public final class MmapLink implements Link {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** How often, at most, a waiting side asks whether the peer's process still runs. */
    static final long CHECK_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(MmapLink.class);

    private final MmapParams params;
    private final LogFiles files;
    private final ControlFile control;
    private final LogWriter writer;
    private final LogReader reader;
    private final int writeDirection;
    private final int readDirection;
    private final PeerSlot mySlot;
    private final long myWord;
    private final PeerSlot peerSlot;
    private final PeerWatch peer;
    private final int sendLimit;
    private final CloseGate gate;
    private final Doorbell readData;
    private final Doorbell readSpace;
    private final Doorbell writeData;
    private final Doorbell writeSpace;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The waits of the sending and of the receiving thread, made once: a capturing lambda per wait is garbage. */
    private final PeerWatch.Waiter readerWaiter;
    private final PeerWatch.Waiter dataWaiter;
    private final IntSupplier poller = () -> pollChecked(this.pollHandler, this.pollLimit);
    /** The handler and limit of the receive in progress, for {@link #poller}. */
    private MessageHandler pollHandler;
    private int pollLimit;
    private volatile PatchbayException sendFailure;
    private volatile PatchbayException receiveFailure;

    /**
     * @param listener true on the listening side (it writes a2b and reads b2a)
     * @param myWord   this side's slot word, OPEN
     * @param peerWord the peer's slot word, OPEN
     */
    MmapLink(MmapParams params, LogFiles files, ControlFile control, LogWriter writer, LogReader reader,
             boolean listener, long myWord, long peerWord) {
        this.params = params;
        this.files = files;
        this.control = control;
        this.writer = writer;
        this.reader = reader;
        this.writeDirection = listener ? LogFiles.A2B : LogFiles.B2A;
        this.readDirection = listener ? LogFiles.B2A : LogFiles.A2B;
        this.mySlot = listener ? control.listener() : control.connector();
        this.myWord = myWord;
        this.peerSlot = listener ? control.connector() : control.listener();
        this.peer = new PeerWatch(peerSlot, peerWord, TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS));
        this.sendLimit = Math.min(params.options().maxMessageSize(), peerSlot.maxMessage());
        boolean peerSleeps = (peerSlot.flags() & PeerSlot.FLAG_WAKE_ME) != 0;
        writer.ringReader(peerSleeps);
        reader.ringWriter(peerSleeps);
        this.readData = control.dataDoorbell(readDirection);
        this.readSpace = control.spaceDoorbell(readDirection);
        this.writeData = control.dataDoorbell(writeDirection);
        this.writeSpace = control.spaceDoorbell(writeDirection);
        this.gate = new CloseGate(this::release);
        this.readerWaiter = peer.waiter(writer::readerCaughtUp, gate::isClosed);
        this.dataWaiter = peer.waiter(reader::isReadable, gate::isClosed);
    }

    @Override
    public Address address() {
        return params.shared();
    }

    @Override
    public void send(ByteBuffer message) {
        append(EMPTY, message, false);
    }

    @Override
    public void send(ByteBuffer header, ByteBuffer payload) {
        append(header, payload, false);
    }

    /** Appends unless a new log file is due while the reader is more than the backlog behind. */
    @Override
    public int offer(ByteBuffer header, ByteBuffer payload) {
        return append(header, payload, true) ? OFFERED : BACK_PRESSURED;
    }

    private boolean append(ByteBuffer header, ByteBuffer payload, boolean onlyIfRoom) {
        if (!gate.enterSend()) {
            throw closedFailure();
        }
        try {
            if (sendFailure != null) {
                throw sendFailure;
            }
            int length = header.remaining() + payload.remaining();
            if (length > sendLimit) {
                throw new MessageTooLargeException(length, sendLimit);
            }
            if (peer.isGoneForSender()) {
                throw failSend();
            }
            while (writer.append(header, payload) == LogWriter.READER_BEHIND) {
                if (onlyIfRoom) {
                    return false;
                }
                awaitReader();
            }
            header.position(header.limit());
            payload.position(payload.limit());
            return true;
        } finally {
            gate.exitSend();
        }
    }

    private void awaitReader() {
        int result = readerWaiter.await(params.waitStrategy(), writeSpace, Long.MAX_VALUE);
        switch (result) {
            case PeerWatch.READY -> { }
            case PeerWatch.PEER_GONE -> throw failSend();
            case PeerWatch.STOPPED -> throw closedFailure();
            default -> throw new LinkInterruptedException("interrupted while waiting for the reader of " + address()
                    + " to catch up (it is more than backlog=" + params.backlog() + " bytes behind); the link is"
                    + " still open");
        }
    }

    @Override
    public int receive(MessageHandler handler, int limit, long timeoutNanos) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (!gate.enterReceive()) {
            throw receiveFailure != null ? receiveFailure : closedFailure();
        }
        try {
            int n = reader.poll(handler, limit);
            if (n > 0) {
                return n;
            }
            pollHandler = handler;
            pollLimit = limit;
            try {
                n = dataWaiter.drain(poller, params.waitStrategy(), readData, timeoutNanos);
            } finally {
                pollHandler = null;
            }
            if (n == PeerWatch.STOPPED) {
                throw closedFailure();
            }
            if (n == PeerWatch.INTERRUPTED) {
                throw new LinkInterruptedException("interrupted while waiting in receive on " + address()
                        + "; the link is still open");
            }
            if (n == PeerWatch.PEER_GONE) {
                throw failReceive(new PeerClosedException("peer of " + address() + " " + peer.reason()));
            }
            return n;
        } finally {
            gate.exitReceive();
        }
    }

    /**
     * Polls; a record that fails its checks is corruption, unless its writer is gone and it lies past what the writer
     * said it committed: then it is the torn end of its log (reported as the peer being gone, never delivered).
     */
    private int pollChecked(MessageHandler handler, int limit) {
        int n = reader.poll(handler, limit);
        if (n == 0 && reader.problem() != null) {
            if (!peer.isGoneNow() || !reader.atWriterEnd()) {
                throw failReceive(new CorruptFrameException("corrupt record on " + address() + ": "
                        + reader.problem()));
            }
            throw failReceive(new PeerClosedException("peer of " + address() + " " + peer.reason()
                    + "; what it left half-written at the end of its log was not delivered (" + reader.problem()
                    + ")"));
        }
        return n;
    }

    /** The sequence number the next message sent gets (counted per direction since the log began). */
    public long nextSendSequence() {
        return writer.nextSequence();
    }

    /** The sequence number of the next message {@link #receive} hands out. */
    public long nextReceiveSequence() {
        return reader.nextSequence();
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && sendFailure == null;
    }

    /**
     * Wakes this side's waiting threads; once none is inside any more, tells the peer (slot CLOSED), and if the
     * conversation is over on both sides, deletes the files.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        readData.ring();
        writeSpace.ring();
        gate.close();
    }

    private void release() {
        boolean finished = false;
        try {
            writer.publish();
            mySlot.close(myWord);
            writeData.ring();
            readSpace.ring();
            // Retiring slot A is the one claim on deleting: a new listener cannot take it, only one closer can.
            long listenerWord = control.listener().word();
            finished = isFinished(listenerWord) && control.listener().retire(listenerWord);
        } finally {
            writer.close();
            reader.close();
            control.close();
        }
        if (finished) {
            files.deleteAll();
            LOG.debug("{}: both sides closed and read everything; deleted its files", address());
        } else {
            LOG.debug("closed {}", address());
        }
    }

    /** True if the peer closed cleanly and each side has read all the other wrote (and files need not be kept). */
    private boolean isFinished(long listenerWord) {
        return params.retain() >= 0
                && PeerSlot.state(peerSlot.word()) == PeerSlot.CLOSED
                && PeerSlot.state(listenerWord) == PeerSlot.CLOSED
                && control.readerSequence(writeDirection) == writer.nextSequence()
                && reader.nextSequence() == control.writerSequence(readDirection);
    }

    private PatchbayException failSend() {
        PatchbayException failure = new PeerClosedException("peer of " + address() + " " + peer.reason());
        sendFailure = failure;
        return failure;
    }

    private PatchbayException failReceive(PatchbayException failure) {
        receiveFailure = failure;
        close();
        return failure;
    }

    private LinkClosedException closedFailure() {
        return new LinkClosedException("link " + address() + " is closed");
    }

    /** The writer, for tests that put bad records in the log. */
    LogWriter writer() {
        return writer;
    }

    @Override
    public String toString() {
        return "MmapLink[" + address() + (isOpen() ? "" : ", closed") + "]";
    }
}
