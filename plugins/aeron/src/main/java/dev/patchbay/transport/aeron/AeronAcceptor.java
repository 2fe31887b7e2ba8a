package dev.patchbay.transport.aeron;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkOptions;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The listening side: {@link #create} subscribes on the listener's endpoint and starts publishing to the
 * connector's at once (Aeron retries its setup until the peer is there), so a connector can come any time after.
 */
final class AeronAcceptor implements Acceptor {
    private final AeronAddress address;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;
    private AeronEnds ends;

    private AeronAcceptor(AeronAddress address, AeronEnds ends) {
        this.address = address;
        this.ends = ends;
    }

    static AeronAcceptor create(AeronAddress address, LinkOptions options) {
        try {
            return new AeronAcceptor(address, AeronEnds.open(address, Side.LISTENER, options));
        } catch (RuntimeException e) {
            address.rendezvous().ifPresent(Rendezvous::remove);
            throw e;
        }
    }

    @Override
    public Address address() {
        return address.address();
    }

    @Override
    public Link accept(Duration timeout) {
        lock.lock();
        try {
            if (closed || ends == null) {
                throw new LinkClosedException("acceptor " + address.address() + " was already accepted or closed");
            }
            Link link = ends.awaitPeer(System.nanoTime() + timeout.toNanos(), timeout.toMillis(), () -> closed);
            ends = null;
            address.rendezvous().ifPresent(Rendezvous::remove);
            return link;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a waiting {@link #accept} within 10 ms, then lets go of the endpoint and the rendezvous files. */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            if (ends != null) {
                ends.close();
                ends = null;
            }
            address.rendezvous().ifPresent(Rendezvous::remove);
        } finally {
            lock.unlock();
        }
    }
}
