package dev.patchbay.transport.pipe;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import org.pf4j.Extension;

/** Anonymous pipes: a spawned child's stdin/stdout, or a fresh pipe pair handed to a running process. */
@Extension
public final class PipeTransport implements Transport {
    static final String USAGE = "pipe addresses are pipe:child?exec=<command> or pipe:anon to listen,"
            + " pipe:stdio or pipe:proc?pid=<pid>&rfd=<fd>&wfd=<fd> to connect";

    @Override
    public String scheme() {
        return "pipe";
    }

    @Override
    public java.util.Optional<java.util.Set<String>> parameters() {
        return java.util.Optional.of(java.util.Set.of("exec", "pid", "rfd", "wfd"));
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, false, false, LinkOptions.DEFAULTS.maxMessageSize());
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        LinkOptions effective = options.forAddress(address);
        return switch (address.name()) {
            case "child" -> ChildAcceptor.spawn(address, effective);
            case "anon", "" -> AnonymousAcceptor.create(effective);
            default -> throw new AddressException("cannot listen on '" + address + "': " + USAGE);
        };
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        LinkOptions effective = options.forAddress(address);
        return switch (address.name()) {
            case "stdio" -> StdioConnector.connect(address, effective);
            case "proc" -> ProcConnector.connect(address, effective);
            default -> throw new AddressException("cannot connect to '" + address + "': " + USAGE);
        };
    }
}
