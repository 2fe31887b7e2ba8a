package dev.patchbay.bench.harness.peer;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of a peer process:
 * {@code (--listen|--connect) <address> --size <bytes> [--rate <per second>] [--transport <class>]}.
 *
 * @param transport the {@link Transport} class to use, for a baseline that comes as one; empty for the Patchbay
 *                  transport of the address's scheme
 * @param listen  true to listen on the address (and accept one peer), false to connect to it
 * @param address where the link meets its peer
 * @param size    bytes per message
 * @param rate    round trips per second (the sender's pace; unused by the receiver)
 */
record PeerArgs(Optional<String> transport, boolean listen, Address address, int size, long rate) {
    /** Long enough for a JVM peer to start on a loaded 2-core machine. */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    static PeerArgs parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, found '" + args[i] + "'");
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
        }
        boolean listen = values.containsKey("listen");
        String address = listen ? values.get("listen") : values.get("connect");
        if (address == null || values.containsKey("listen") == values.containsKey("connect")) {
            throw new IllegalArgumentException("give exactly one of --listen <address> and --connect <address>");
        }
        if (!values.containsKey("size")) {
            throw new IllegalArgumentException("--size <bytes> is required");
        }
        int size = BenchMessage.checkSize(Integer.parseInt(values.get("size")));
        long rate = Long.parseLong(values.getOrDefault("rate", "1000"));
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be positive, was " + rate);
        }
        return new PeerArgs(Optional.ofNullable(values.get("transport")), listen, Address.parse(address), size, rate);
    }

    /** Opens the link this command line describes, waiting for the peer. */
    Link open() {
        Transport transport = this.transport.map(Transports::byClassName)
                .orElseGet(() -> Transports.forScheme(address.scheme()));
        LinkOptions options = LinkOptions.DEFAULTS.withOpenTimeout(OPEN_TIMEOUT);
        if (!listen) {
            return transport.connect(address, options);
        }
        try (Acceptor acceptor = transport.listen(address, options)) {
            return acceptor.accept(OPEN_TIMEOUT);
        }
    }
}
