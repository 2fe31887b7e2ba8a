package dev.patchbay.transport.aeron;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Availability;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import org.pf4j.Extension;

import java.util.Optional;
import java.util.Set;

/**
 * Aeron: {@code aeron:udp?endpoint=HOST:PORT&control=HOST:PORT} between machines, {@code aeron:<name>} over loopback
 * with ports the listener picks, {@code aeron:ipc} through one media driver. See {@link AeronAddress}.
 */
@Extension
public final class AeronTransport implements Transport {

    @Override
    public String scheme() {
        return "aeron";
    }

    @Override
    public Optional<Set<String>> parameters() {
        return Optional.of(AeronAddress.PARAMETERS);
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, false, true, LinkOptions.DEFAULTS.maxMessageSize());
    }

    @Override
    public Availability availability() {
        return DriverDirs.AVAILABILITY;
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        LinkOptions effective = options.forAddress(address);
        return AeronAcceptor.create(AeronAddress.forListener(address), effective);
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        LinkOptions effective = options.forAddress(address);
        AeronAddress resolved = AeronAddress.forConnector(address, effective.openTimeout());
        return AeronOpen.open(resolved, Side.CONNECTOR, effective, () -> false);
    }
}
