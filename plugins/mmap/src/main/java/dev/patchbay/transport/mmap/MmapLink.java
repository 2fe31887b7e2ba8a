package dev.patchbay.transport.mmap;

import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.kit.link.LinkLifecycle;
import dev.patchbay.sharedmem.sync.Doorbell;
import dev.patchbay.sharedmem.sync.PeerSlot;
import dev.patchbay.sharedmem.sync.PeerWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * A link over two persistent logs in mapped files, one per direction. Sending appends a record (length, sequence
 * number, CRC-32C, payload) and commits it by storing its length last; receiving checks each record before handing
 * it out and saves how far it got after each one. Either process may be killed at any point: what was committed
 * stays, what was half-written is cut off by the next writer, and the next reader starts right after the last
 * record it handed out. Waiting, peer watching and closing are those of the shm link, held in a
 * {@link LinkLifecycle}: the {@code wait=} strategy, in slices of at most {@value LinkLifecycle#CHECK_MILLIS} ms
 * between which the peer's process is checked.
 *
 * <p>When both sides have closed cleanly and each has read everything the other wrote, the last one to close
 * deletes the files, unless the address says {@code retain=all}. Otherwise they stay for the next link on the
 * name, which carries on where this one stopped.
 *
 * <p>Usable without the host: {@code new MmapTransport().connect(address, options)} returns one of these.
 */
public final class MmapLink implements Link {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Whole records only: a peer never leaves in the middle of a message that this side would see. */
    private static final BooleanSupplier WHOLE_RECORDS = () -> false;
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
    private final LinkLifecycle lifecycle;
    private final Doorbell readData;
    private final Doorbell readSpace;
    private final Doorbell writeData;
    private final Doorbell writeSpace;
    /** The waits of the sending and of the receiving thread, made once: a capturing lambda per wait is garbage. */
    private final PeerWatch.Waiter readerWaiter;
    private final PeerWatch.Waiter dataWaiter;
    private final IntSupplier poller = () -> pollChecked(this.pollHandler, this.pollLimit);
    /** The handler and limit of the receive in progress, for {@link #poller}. */
    private MessageHandler pollHandler;
    private int pollLimit;

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
        this.lifecycle = new LinkLifecycle(params.shared(), peerSlot, peerWord, params.options().maxMessageSize(),
                this::wakeWaiters, this::release);
        boolean peerSleeps = (peerSlot.flags() & PeerSlot.FLAG_WAKE_ME) != 0;
        writer.ringReader(peerSleeps);
        reader.ringWriter(peerSleeps);
        this.readData = control.dataDoorbell(readDirection);
        this.readSpace = control.spaceDoorbell(readDirection);
        this.writeData = control.dataDoorbell(writeDirection);
        this.writeSpace = control.spaceDoorbell(writeDirection);
        this.readerWaiter = lifecycle.waiter(writer::readerCaughtUp);
        this.dataWaiter = lifecycle.waiter(reader::isReadable);
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
        lifecycle.enterSend(header.remaining() + payload.remaining());
        try {
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
            lifecycle.exitSend();
        }
    }

    private void awaitReader() {
        if (lifecycle.awaitSend(readerWaiter, params.waitStrategy(), writeSpace) != PeerWatch.READY) {
            throw lifecycle.interrupted("for the reader of " + address() + " to catch up (it is more than backlog="
                    + params.backlog() + " bytes behind)");
        }
    }

    @Override
    public int receive(MessageHandler handler, int limit, long timeoutNanos) {
        lifecycle.enterReceive(limit);
        try {
            int n = reader.poll(handler, limit);
            if (n > 0) {
                return n;
            }
            pollHandler = handler;
            pollLimit = limit;
            try {
                return lifecycle.awaitReceive(dataWaiter, poller, params.waitStrategy(), readData, timeoutNanos,
                        WHOLE_RECORDS);
            } finally {
                pollHandler = null;
            }
        } finally {
            lifecycle.exitReceive();
        }
    }

    /**
     * Polls; a record that fails its checks is corruption, unless its writer is gone and it lies past what the writer
     * said it committed: then it is the torn end of its log (reported as the peer being gone, never delivered).
     */
    private int pollChecked(MessageHandler handler, int limit) {
        int n = reader.poll(handler, limit);
        if (n == 0 && reader.problem() != null) {
            if (!lifecycle.peer().isGoneNow() || !reader.atWriterEnd()) {
                throw lifecycle.failReceive(new CorruptFrameException("corrupt record on " + address() + ": "
                        + reader.problem()));
            }
            throw lifecycle.failReceive(lifecycle.peerClosed("; what it left half-written at the end of its log was"
                    + " not delivered (" + reader.problem() + ")"));
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
        return lifecycle.isOpen();
    }

    /**
     * Wakes this side's waiting threads; once none is inside any more, tells the peer (slot CLOSED), and if the
     * conversation is over on both sides, deletes the files.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /** The first close's own part: this side's waiters may sleep on these two. */
    private void wakeWaiters() {
        readData.ring();
        writeSpace.ring();
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

    /** The writer, for tests that put bad records in the log. */
    LogWriter writer() {
        return writer;
    }

    @Override
    public String toString() {
        return "MmapLink[" + address() + (isOpen() ? "" : ", closed") + "]";
    }
}
