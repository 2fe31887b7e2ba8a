package dev.patchbay.kit.stream;

import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.TransportIoException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

import static dev.patchbay.kit.stream.FrameDescriptor.HEADER_LENGTH;

/**
 * A {@link Link} over a {@link ByteStream}: each message travels as one frame of {@link FrameDescriptor}.
 *
 * <p>Sending writes each frame with one call on the stream: a small message is copied behind its header, a large
 * direct one (or one longer than the send buffer) is gathered with its header (see
 * {@link ByteStream#write(ByteBuffer, ByteBuffer)}). {@link #offer} sends only if the stream takes the frame's first
 * byte at once; a frame the stream has begun is finished, so the stream never holds half a frame. An interrupt
 * ends a wait in {@link #receive} or before a frame's first byte in {@link #send} with
 * {@link LinkInterruptedException}; the link stays open. Receiving reads in large chunks
 * and hands out views into its buffer, so many small messages cost one system call and a 64 KiB message one read.
 * The buffer grows, once, for longer frames up to about 1 MiB; a frame longer still is read into a buffer of
 * exactly its (already checked) length. A bad magic, version, length or checksum throws
 * {@link CorruptFrameException} and closes the link.
 *
 * <p>A broken pipe on send throws {@link PeerClosedException} but leaves what the peer already sent readable; end of
 * stream on receive closes the link.
 */
public final class StreamLink implements Link {
    private static final int SEND_BUFFER_SIZE = 64 * 1024;
    /** A caller's header up to this long goes in front of a gathered payload; a longer one is copied. */
    private static final int MAX_GATHERED_HEADER = 256;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final ByteBuffer EMPTY_DIRECT = ByteBuffer.allocateDirect(0);
    /**
     * A direct message at least this long is written from where it lies, its header gathered in front of it:
     * copying it into the send buffer would cost more than the system call's second buffer.
     */
    private static final int GATHER_THRESHOLD = 4 * 1024;
    /** Room for a 64 KiB message and its header, so that it arrives whole with one read. */
    private static final int READ_BUFFER_SIZE = 128 * 1024;
    /**
     * What a link starts with, for reading and for sending: an idle link (a host may hold a thousand) costs a few
     * KiB, and one that carries traffic grows to the full sizes at its first reads and sends.
     */
    private static final int INITIAL_BUFFER_SIZE = 8 * 1024;
    /**
     * A read asks for at most this much beyond what the frame being read still lacks: reading all the buffer holds
     * would move each byte through memory rather than through the CPU's cache before it is checked and handed out.
     */
    private static final int READ_CHUNK = 64 * 1024;
    /** The read buffer grows for a longer frame up to this size; a frame longer still gets a buffer of its own. */
    private static final int MAX_READ_BUFFER_SIZE = (1 << 20) + HEADER_LENGTH;
    /** Unread bytes up to this many are moved to the front of the buffer before the next read. */
    private static final int MOVE_TO_FRONT = 4 * 1024;

    private final Address address;
    private final ByteStream stream;
    private final int maxMessageSize;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile PatchbayException readFailure;
    private volatile PatchbayException writeFailure;

    private ByteBuffer sendBuffer = ByteBuffer.allocateDirect(INITIAL_BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    /** The frame header and a caller's header, gathered in front of a payload sent from where it lies. */
    private final ByteBuffer sendHeader = ByteBuffer.allocateDirect(HEADER_LENGTH + MAX_GATHERED_HEADER)
            .order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C sendCrc = new CRC32C();

    /** Unread bytes lie between position and limit; complete frames are handed out as views into it. */
    private ByteBuffer readBuffer = ByteBuffer.allocateDirect(INITIAL_BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    /** How much room the last read was given: a read that filled it all says the buffer should grow. */
    private int lastRoom;
    private ByteBuffer view = readBuffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C receiveCrc = new CRC32C();
    /** A frame longer than {@link #MAX_READ_BUFFER_SIZE} being read, or null. */
    private ByteBuffer largeFrame;
    private int largeFrameChecksum;

    /**
     * @param address        the address to report from {@link #address()}
     * @param stream         the medium; closed when the link closes
     * @param maxMessageSize the largest message sent or accepted
     */
    public StreamLink(Address address, ByteStream stream, int maxMessageSize) {
        this.address = address;
        this.stream = stream;
        this.maxMessageSize = maxMessageSize;
        readBuffer.limit(0);
    }

    @Override
    public Address address() {
        return address;
    }

    /** The medium's own descriptor, if it has one ({@link ByteStream#readinessFd()}). */
    @Override
    public OptionalInt readinessFd() {
        return stream.readinessFd();
    }

    /**
     * The medium under the frames. Package-private on purpose: only the contract suite's corrupting peer (the
     * test-jar's {@code StreamCorruptionWriter}, in this package) writes to it directly, to put bad bytes where a
     * frame belongs.
     */
    ByteStream stream() {
        return stream;
    }

    @Override
    public void send(ByteBuffer message) {
        send(EMPTY, message);
    }

    @Override
    public void send(ByteBuffer header, ByteBuffer payload) {
        if (write(header, payload, false) != ByteStream.WRITTEN) {
            throw brokenPipe();
        }
    }

    /**
     * Writes the frame only if the stream takes its first byte now; a frame the stream has begun to take is finished
     * here, waiting for the reader if need be (a pipe takes up to 4096 bytes whole or not at all).
     */
    @Override
    public int offer(ByteBuffer header, ByteBuffer payload) {
        int result = write(header, payload, true);
        if (result == ByteStream.BROKEN_PIPE) {
            throw brokenPipe();
        }
        return result == ByteStream.WRITTEN ? OFFERED : BACK_PRESSURED;
    }

    /**
     * One frame, one call on the stream: header and payload copied behind the frame header when they fit the send
     * buffer (unless the payload is direct and long enough to be worth a second buffer in the call), else the
     * headers gathered in front of the payload where it lies.
     */
    private int write(ByteBuffer header, ByteBuffer payload, boolean onlyIfReady) {
        if (closed.get()) {
            // Closed by the reader because the peer left: a writer is told the same, not that we closed the link.
            throw readFailure instanceof PeerClosedException peerLeft ? peerLeft
                    : new LinkClosedException("link " + address + " is closed");
        }
        if (writeFailure != null) {
            throw writeFailure;
        }
        int length = header.remaining() + payload.remaining();
        if (length > maxMessageSize) {
            throw new MessageTooLargeException(length, maxMessageSize);
        }
        if (header.remaining() > SEND_BUFFER_SIZE - HEADER_LENGTH) {
            // Not what a header is for; joined rather than refused.
            ByteBuffer joined = ByteBuffer.allocate(length).put(header.duplicate()).put(payload.duplicate()).flip();
            int result = write(EMPTY, joined, onlyIfReady);
            if (result != ByteStream.WOULD_BLOCK) {
                header.position(header.limit());
                payload.position(payload.limit());
            }
            return result;
        }
        int checksum = FrameDescriptor.checksum(sendCrc, header, payload);
        boolean gather = payload.isDirect() && payload.remaining() >= GATHER_THRESHOLD
                || HEADER_LENGTH + length > SEND_BUFFER_SIZE;
        ByteBuffer first;
        ByteBuffer second;
        if (gather && header.remaining() <= sendHeader.capacity() - HEADER_LENGTH) {
            first = sendHeader.clear();
            second = payload;
        } else {
            first = sendBuffer(gather ? HEADER_LENGTH + header.remaining() : HEADER_LENGTH + length).clear();
            second = gather ? payload : EMPTY_DIRECT;
        }
        FrameDescriptor.putHeader(first, length, checksum);
        int headerPosition = header.position();
        int payloadPosition = payload.position();
        first.put(header);
        if (second == EMPTY_DIRECT) {
            first.put(payload);
        }
        first.flip();
        try {
            int result = onlyIfReady ? stream.offer(first, second) : stream.write(first, second)
                    ? ByteStream.WRITTEN : ByteStream.BROKEN_PIPE;
            if (result == ByteStream.WOULD_BLOCK) {
                header.position(headerPosition);
                payload.position(payloadPosition);
            } else {
                payload.position(payload.limit());
            }
            return result;
        } catch (InterruptedIOException e) {
            header.position(headerPosition);
            payload.position(payloadPosition);
            throw interrupted("send on");
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** The send buffer, grown (by doubling, up to its full size) to hold {@code bytes}. */
    private ByteBuffer sendBuffer(int bytes) {
        if (sendBuffer.capacity() < bytes) {
            int capacity = sendBuffer.capacity();
            while (capacity < bytes) {
                capacity *= 2;
            }
            sendBuffer = ByteBuffer.allocateDirect(Math.min(SEND_BUFFER_SIZE, capacity)).order(ByteOrder.LITTLE_ENDIAN);
        }
        return sendBuffer;
    }

    private PatchbayException brokenPipe() {
        writeFailure = new PeerClosedException("peer of " + address + " stopped reading (broken pipe)");
        return writeFailure;
    }

    private LinkInterruptedException interrupted(String what) {
        Thread.currentThread().interrupt();
        return new LinkInterruptedException("interrupted while waiting in " + what + " " + address
                + "; the link is still open");
    }

    @Override
    public int receive(MessageHandler handler, int limit, long timeoutNanos) {
        if (closed.get()) {
            throw readFailure != null ? readFailure : new LinkClosedException("link " + address + " is closed");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        long start = System.nanoTime();
        long wait = Math.max(0, timeoutNanos);
        try {
            while (true) {
                int handled = deliverBuffered(handler, limit);
                if (handled > 0) {
                    return handled;
                }
                long left = wait - (System.nanoTime() - start);
                int n = fill(Math.max(0, left));
                if (n > 0 && n == lastRoom && largeFrame == null && readBuffer.capacity() < READ_BUFFER_SIZE) {
                    // The read took all the room it had: more was waiting, so read more at a time from now on.
                    growReadBuffer(0);
                }
                if (n < 0) {
                    boolean midFrame = largeFrame != null || readBuffer.hasRemaining();
                    throw failRead(new PeerClosedException("peer of " + address + " closed the link"
                            + (midFrame ? " in the middle of a message" : "")));
                }
                if (n == 0 && System.nanoTime() - start >= wait) {
                    return 0;
                }
            }
        } catch (InterruptedIOException e) {
            throw interrupted("receive on");
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private int deliverBuffered(MessageHandler handler, int limit) {
        int handled = 0;
        while (handled < limit) {
            if (largeFrame != null) {
                if (largeFrame.hasRemaining()) {
                    return handled;
                }
                ByteBuffer message = largeFrame.flip();
                largeFrame = null;
                verify(message, largeFrameChecksum);
                handler.onMessage(message);
                handled++;
                continue;
            }
            int position = readBuffer.position();
            if (readBuffer.remaining() < HEADER_LENGTH) {
                return handled;
            }
            int length = checkHeader(position);
            int checksum = readBuffer.getInt(position + FrameDescriptor.CHECKSUM_OFFSET);
            if (length > readBuffer.capacity() - HEADER_LENGTH) {
                if (length <= MAX_READ_BUFFER_SIZE - HEADER_LENGTH) {
                    growReadBuffer(HEADER_LENGTH + length);
                    continue;
                }
                largeFrame = ByteBuffer.allocate(length);
                largeFrameChecksum = checksum;
                int have = Math.min(length, readBuffer.remaining() - HEADER_LENGTH);
                view.limit(position + HEADER_LENGTH + have).position(position + HEADER_LENGTH);
                largeFrame.put(view);
                readBuffer.position(position + HEADER_LENGTH + have);
                continue;
            }
            if (readBuffer.remaining() < HEADER_LENGTH + length) {
                return handled;
            }
            view.limit(position + HEADER_LENGTH + length).position(position + HEADER_LENGTH);
            verify(view, checksum);
            readBuffer.position(position + HEADER_LENGTH + length);
            handler.onMessage(view);
            handled++;
        }
        return handled;
    }

    /** Checks magic, version and length of the header at {@code position}; returns the payload length. */
    private int checkHeader(int position) {
        if (readBuffer.get(position) != FrameDescriptor.MAGIC_0
                || readBuffer.get(position + 1) != FrameDescriptor.MAGIC_1) {
            throw failRead(new CorruptFrameException(String.format(
                    "corrupt frame on %s: bad magic 0x%02x%02x (expected 0x5042 'PB'); the peer is not speaking "
                            + "Patchbay framing or the stream lost bytes", address,
                    readBuffer.get(position), readBuffer.get(position + 1))));
        }
        byte version = readBuffer.get(position + FrameDescriptor.VERSION_OFFSET);
        if (version != FrameDescriptor.VERSION) {
            throw failRead(new CorruptFrameException("corrupt frame on " + address + ": frame version " + version
                    + ", this side reads version " + FrameDescriptor.VERSION));
        }
        long length = Integer.toUnsignedLong(readBuffer.getInt(position + FrameDescriptor.LENGTH_OFFSET));
        if (length > maxMessageSize) {
            throw failRead(new CorruptFrameException("corrupt frame on " + address + ": claimed length " + length
                    + " exceeds the limit of " + maxMessageSize + " bytes (raise it with ?maxMessage=... on both"
                    + " sides if the peer really sends such messages)"));
        }
        return (int) length;
    }

    private void verify(ByteBuffer payload, int expected) {
        int actual = FrameDescriptor.checksum(receiveCrc, payload);
        if (actual != expected) {
            throw failRead(new CorruptFrameException(String.format(
                    "corrupt frame on %s: checksum mismatch in a %d-byte message (frame says 0x%08x, payload gives"
                            + " 0x%08x)", address, payload.remaining(), expected, actual)));
        }
    }

    /** Keeps the unread bytes and moves them to a larger buffer that holds a frame of {@code frameLength}. */
    private void growReadBuffer(int frameLength) {
        int capacity = Math.min(MAX_READ_BUFFER_SIZE, Math.max(frameLength, 2 * readBuffer.capacity()));
        ByteBuffer larger = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
        larger.put(readBuffer).flip();
        readBuffer = larger;
        view = larger.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads more after the unread bytes, which start an incomplete frame. A few unread bytes move to the front so
     * that reads keep using the same memory; a long incomplete frame stays where it is unless it would not fit.
     */
    private int fill(long timeoutNanos) throws IOException {
        if (largeFrame != null) {
            return stream.read(largeFrame, timeoutNanos);
        }
        int start = readBuffer.position();
        int end = readBuffer.limit();
        int unread = end - start;
        int frameLength = unread >= HEADER_LENGTH
                ? HEADER_LENGTH + readBuffer.getInt(start + FrameDescriptor.LENGTH_OFFSET) : HEADER_LENGTH;
        if (unread <= MOVE_TO_FRONT || start + frameLength > readBuffer.capacity()) {
            readBuffer.compact();
            start = 0;
            end = unread;
        }
        int want = Math.max(READ_CHUNK, frameLength - unread);
        readBuffer.limit((int) Math.min(readBuffer.capacity(), (long) end + want)).position(end);
        lastRoom = readBuffer.remaining();
        try {
            return stream.read(readBuffer, timeoutNanos);
        } finally {
            readBuffer.limit(readBuffer.position()).position(start);
        }
    }

    private PatchbayException failRead(PatchbayException e) {
        readFailure = e;
        close();
        return e;
    }

    private PatchbayException failed(IOException e) {
        if (closed.get()) {
            if (readFailure != null) {
                // Closed because a read failed (the peer left, say): a writer caught in the close is told the same.
                return readFailure;
            }
            // Closed after a writer found the peer gone: the reader is told the same.
            return writeFailure instanceof PeerClosedException peerLeft ? peerLeft
                    : new LinkClosedException("link " + address + " was closed");
        }
        return failRead(new TransportIoException("I/O failure on " + address + ": " + e.getMessage(), e));
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && writeFailure == null;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stream.close();
        }
    }

    @Override
    public String toString() {
        return "StreamLink[" + address + (isOpen() ? "" : ", closed") + "]";
    }
}
