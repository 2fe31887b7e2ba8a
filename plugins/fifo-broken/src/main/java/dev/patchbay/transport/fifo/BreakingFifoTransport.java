package dev.patchbay.transport.fifo;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import org.pf4j.Extension;

import java.time.Duration;

/**
 * A deliberately broken build of the fifo backend: links open and carry messages like the real ones, then fail
 * after {@code breakAfter} sent messages (address parameter, default 500). It exists to show that a patch that
 * breaks live links is rolled back with nothing lost.
 */
@Extension
public final class BreakingFifoTransport implements Transport {

    @Override
    public String scheme() {
        return "fifo";
    }

    @Override
    public java.util.Optional<java.util.Set<String>> parameters() {
        return java.util.Optional.of(java.util.Set.of("breakAfter"));
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, false, false, LinkOptions.DEFAULTS.maxMessageSize());
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        Acceptor real = FifoAcceptor.create(FifoPaths.of(address), options.forAddress(address));
        long budget = address.longParam("breakAfter", 500);
        return new Acceptor() {
            @Override
            public Address address() {
                return real.address();
            }

            @Override
            public Link accept(Duration timeout) {
                return new BreakingLink(real.accept(timeout), budget);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        return new BreakingLink(FifoConnector.connect(FifoPaths.of(address), options.forAddress(address)),
                address.longParam("breakAfter", 500));
    }
}
