package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The acceptor of every baseline: it waits for the {@link PendingLink}'s peer and hands over its link once; closed
 * before that, it releases what the listener made, and a waiting {@link #accept} ends within a millisecond or so.
 */
final class OnceAcceptor implements Acceptor {
    private final Address address;
    private final AtomicReference<PendingLink> pending;

    OnceAcceptor(Address address, PendingLink pending) {
        this.address = address;
        this.pending = new AtomicReference<>(pending);
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public Link accept(Duration timeout) {
        PendingLink waiting = Optional.ofNullable(pending.get()).orElseThrow(this::closed);
        Meeting.await(() -> pending.get() != waiting || waiting.peerArrived(), timeout, "no peer came to " + address
                + " (waiting for " + waiting.awaited() + ")");
        if (!pending.compareAndSet(waiting, null)) {
            throw closed();
        }
        return waiting.link();
    }

    private LinkClosedException closed() {
        return new LinkClosedException("acceptor " + address + " was already accepted or closed");
    }

    @Override
    public void close() {
        Optional.ofNullable(pending.getAndSet(null)).ifPresent(PendingLink::release);
    }
}
