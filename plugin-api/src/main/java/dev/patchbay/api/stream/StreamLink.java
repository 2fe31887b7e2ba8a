package dev.patchbay.api.stream;

import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.TransportIoException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

import static dev.patchbay.api.stream.FrameDescriptor.HEADER_LENGTH;

/**
 * A {@link Link} over a {@link ByteStream}: each message travels as one frame of {@link FrameDescriptor}.
 *
 * <p>Receiving reads in large chunks and hands out views into its buffer, so many small messages cost one system
 * call. A frame longer than the buffer is read into a buffer of exactly its (already checked) length. A bad magic,
 * version, length or checksum throws {@link CorruptFrameException} and closes the link.
 *
 * <p>A broken pipe on send throws {@link PeerClosedException} but leaves what the peer already sent readable; end of
 * stream on receive closes the link.
 */
public final class StreamLink implements Link {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Address address;
    private final ByteStream stream;
    private final int maxMessageSize;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile PatchbayException readFailure;
    private volatile PatchbayException writeFailure;

    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C sendCrc = new CRC32C();

    /** Unread bytes lie between position and limit. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer view = readBuffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C receiveCrc = new CRC32C();
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

    @Override
    public void send(ByteBuffer message) {
        if (closed.get()) {
            throw new LinkClosedException("link " + address + " is closed");
        }
        if (writeFailure != null) {
            throw writeFailure;
        }
        int length = message.remaining();
        if (length > maxMessageSize) {
            throw new MessageTooLargeException(length, maxMessageSize);
        }
        int checksum = FrameDescriptor.checksum(sendCrc, message);
        sendBuffer.clear();
        FrameDescriptor.putHeader(sendBuffer, length, checksum);
        try {
            do {
                int chunk = Math.min(sendBuffer.remaining(), message.remaining());
                int limit = message.limit();
                message.limit(message.position() + chunk);
                sendBuffer.put(message);
                message.limit(limit);
                sendBuffer.flip();
                if (!stream.write(sendBuffer)) {
                    writeFailure = new PeerClosedException("peer of " + address + " stopped reading (broken pipe)");
                    throw writeFailure;
                }
                sendBuffer.clear();
            } while (message.hasRemaining());
        } catch (IOException e) {
            throw failed(e);
        }
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
                if (n < 0) {
                    boolean midFrame = largeFrame != null || readBuffer.hasRemaining();
                    throw failRead(new PeerClosedException("peer of " + address + " closed the link"
                            + (midFrame ? " in the middle of a message" : "")));
                }
                if (n == 0 && System.nanoTime() - start >= wait) {
                    return 0;
                }
            }
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
        if (readBuffer.get(position) != FrameDescriptor.MAGIC_0 || readBuffer.get(position + 1) != FrameDescriptor.MAGIC_1) {
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

    private int fill(long timeoutNanos) throws IOException {
        if (largeFrame != null) {
            return stream.read(largeFrame, timeoutNanos);
        }
        readBuffer.compact();
        try {
            return stream.read(readBuffer, timeoutNanos);
        } finally {
            readBuffer.flip();
        }
    }

    private PatchbayException failRead(PatchbayException e) {
        readFailure = e;
        close();
        return e;
    }

    private PatchbayException failed(IOException e) {
        if (closed.get() && readFailure == null) {
            return new LinkClosedException("link " + address + " was closed");
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
