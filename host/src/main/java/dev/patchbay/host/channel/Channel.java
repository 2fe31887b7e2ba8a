package dev.patchbay.host.channel;

import dev.patchbay.api.Link;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.host.module.TransportRef;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A sequenced, two-way message stream between two processes, carried by one {@link Link} at a time.
 *
 * <p>Every message gets the next sequence number of its direction; the receiver checks that numbers arrive without
 * gap or repeat, so a violation is reported instead of passed on. Sends from several threads are serialised;
 * receives must come from one thread at a time.
 */
public final class Channel implements AutoCloseable {
    private final String name;
    private final int maxMessageSize;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ByteBuffer sendBuffer;
    private volatile Link link;
    private volatile TransportRef transport;
    private long nextSendSequence;
    private long nextReceiveSequence;
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();

    /**
     * @param name           how the channel is called in listings and commands
     * @param link           the link it starts on
     * @param transport      the transport (and module generation) the link came from
     * @param maxMessageSize the largest application message, in bytes, not counting the channel header
     */
    public Channel(String name, Link link, TransportRef transport, int maxMessageSize) {
        this.name = name;
        this.link = link;
        this.transport = transport;
        this.maxMessageSize = maxMessageSize;
        this.sendBuffer = ByteBuffer.allocateDirect(ChannelFrame.HEADER_LENGTH + maxMessageSize)
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Sends the bytes between the buffer's position and limit as the next message.
     *
     * @return the message's sequence number
     */
    public long send(ByteBuffer message) {
        int length = message.remaining();
        if (length > maxMessageSize) {
            throw new MessageTooLargeException(length, maxMessageSize);
        }
        sendLock.lock();
        try {
            long sequence = nextSendSequence;
            sendBuffer.clear();
            ChannelFrame.putHeader(sendBuffer, ChannelFrame.Kind.DATA, sequence);
            sendBuffer.put(message).flip();
            link.send(sendBuffer);
            nextSendSequence = sequence + 1;
            messagesSent.incrementAndGet();
            bytesSent.addAndGet(length);
            return sequence;
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Waits up to {@code timeout} for messages and hands up to {@code limit} of them to {@code handler}, in order.
     *
     * @return how many application messages were handled
     */
    public int receive(ChannelHandler handler, int limit, Duration timeout) {
        int[] handled = {0};
        link.receive(frame -> {
            ChannelFrame.Kind kind = ChannelFrame.kind(frame);
            if (frame.remaining() < ChannelFrame.HEADER_LENGTH || kind == null) {
                throw new ChannelException("channel " + name + " received a frame of unknown kind "
                        + (frame.hasRemaining() ? frame.get(frame.position()) : -1) + " on " + link.address());
            }
            if (kind != ChannelFrame.Kind.DATA) {
                throw new ChannelException("channel " + name + " received a " + kind
                        + " frame, but this host does not migrate channels");
            }
            long sequence = ChannelFrame.number(frame);
            if (sequence != nextReceiveSequence) {
                throw new ChannelException("channel " + name + " expected message " + nextReceiveSequence
                        + " but received " + sequence + " on " + link.address());
            }
            nextReceiveSequence++;
            frame.position(frame.position() + ChannelFrame.HEADER_LENGTH);
            messagesReceived.incrementAndGet();
            bytesReceived.addAndGet(frame.remaining());
            handler.onMessage(sequence, frame);
            handled[0]++;
        }, limit, timeout);
        return handled[0];
    }

    public String name() {
        return name;
    }

    /** The link the channel runs on now. */
    public Link link() {
        return link;
    }

    /** The transport and module generation of the current link. */
    public TransportRef transport() {
        return transport;
    }

    public long messagesSent() {
        return messagesSent.get();
    }

    public long messagesReceived() {
        return messagesReceived.get();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    public boolean isOpen() {
        return link.isOpen();
    }

    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "Channel[" + name + " on " + transport + "]";
    }
}
