package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link Link} over two Agrona {@link OneToOneRingBuffer}s in a mapped file ({@link AgronaRingLayout}): what a
 * user who picks Agrona would write, so that the harness can drive it like a Patchbay link. Waiting (for data, or
 * for room) goes through the given {@link IdleStrategy}.
 */
final class AgronaRingLink extends PollingLink {
    private static final int MESSAGE_TYPE = 1;

    private final RingBuffer out;
    private final RingBuffer in;
    private final ByteBuffer inView;
    private final UnsafeBuffer closedWord;
    private final IdleStrategy idle;
    private final Path ownedFile;
    private final UnsafeBuffer source = new UnsafeBuffer(0, 0);
    private final org.agrona.concurrent.MessageHandler adapter = this::deliver;
    private MessageHandler handler;

    /**
     * @param mapped    the whole file, mapped
     * @param listener  true on the side that created the file (it reads the first ring and writes the second)
     * @param ownedFile the file to delete on close, or null
     */
    AgronaRingLink(Address address, MappedByteBuffer mapped, boolean listener, IdleStrategy idle, Path ownedFile) {
        super(address);
        this.idle = idle;
        this.ownedFile = ownedFile;
        ByteBuffer toListener = ring(mapped, AgronaRingLayout.TO_LISTENER_OFFSET);
        ByteBuffer toConnector = ring(mapped, AgronaRingLayout.TO_CONNECTOR_OFFSET);
        ByteBuffer inRing = listener ? toListener : toConnector;
        this.in = new OneToOneRingBuffer(new UnsafeBuffer(inRing));
        this.out = new OneToOneRingBuffer(new UnsafeBuffer(listener ? toConnector : toListener));
        this.inView = inRing.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.closedWord = new UnsafeBuffer(mapped, AgronaRingLayout.CLOSED_OFFSET, Long.BYTES);
    }

    private static ByteBuffer ring(MappedByteBuffer mapped, int offset) {
        return mapped.slice(offset, AgronaRingLayout.SEGMENT);
    }

    @Override
    public void send(ByteBuffer message) {
        int length = checkSend(message, out.maxMsgLength());
        source.wrap(message, message.position(), length);
        while (!out.write(MESSAGE_TYPE, source, 0, length)) {
            if (peerGone()) {
                throw peerClosed();
            }
            idle.idle();
        }
        idle.reset();
        message.position(message.limit());
    }

    @Override
    int take(MessageHandler handler, int limit) {
        this.handler = handler;
        return in.read(adapter, limit);
    }

    private void deliver(int type, MutableDirectBuffer buffer, int index, int length) {
        inView.clear();
        inView.position(index).limit(index + length);
        handler.onMessage(inView);
    }

    /** The peer set the closed word after its last write; this side sets it too, so only before it closed. */
    @Override
    boolean peerGone() {
        return !closed() && closedWord.getLongVolatile(0) != 0;
    }

    @Override
    void idle() {
        idle.idle();
    }

    @Override
    void rested() {
        idle.reset();
    }

    @Override
    void release() {
        closedWord.putLongVolatile(0, 1);
        if (ownedFile != null) {
            try {
                Files.deleteIfExists(ownedFile);
            } catch (IOException ignored) {
                // The mapping stays valid; a leftover file is replaced by the next listener of that name.
            }
        }
    }
}
