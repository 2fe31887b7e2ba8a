package dev.patchbay.transport.fifo;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Availability;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import org.pf4j.Extension;

/** Named pipes: {@code fifo:<name>} in the per-user runtime folder. */
@Extension
public final class FifoTransport implements Transport {

    @Override
    public String scheme() {
        return "fifo";
    }

    @Override
    public java.util.Optional<java.util.Set<String>> parameters() {
        return java.util.Optional.of(java.util.Set.of());
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, false, false, LinkOptions.DEFAULTS.maxMessageSize());
    }

    @Override
    public Availability availability() {
        return FifoPaths.AVAILABILITY;
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        return FifoAcceptor.create(FifoPaths.of(address), options.forAddress(address));
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        return FifoConnector.connect(FifoPaths.of(address), options.forAddress(address));
    }
}
