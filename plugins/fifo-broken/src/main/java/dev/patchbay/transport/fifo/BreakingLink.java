package dev.patchbay.transport.fifo;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.PeerClosedException;

import java.nio.ByteBuffer;

/** A link that works for a number of sends and then drops itself, as a buggy backend would. */
final class BreakingLink implements Link {
    private final Link delegate;
    private long budget;

    BreakingLink(Link delegate, long budget) {
        this.delegate = delegate;
        this.budget = budget;
    }

    @Override
    public Address address() {
        return delegate.address();
    }

    @Override
    public void send(ByteBuffer message) {
        if (--budget < 0) {
            delegate.close();
            throw new PeerClosedException("fifo 1.0.2-broken dropped the link on " + delegate.address()
                    + " (a deliberately broken patch)");
        }
        delegate.send(message);
    }

    @Override
    public int receive(MessageHandler handler, int limit, long timeoutNanos) {
        return delegate.receive(handler, limit, timeoutNanos);
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
