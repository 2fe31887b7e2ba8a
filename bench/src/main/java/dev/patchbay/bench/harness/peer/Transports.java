package dev.patchbay.bench.harness.peer;

import dev.patchbay.api.Transport;
import dev.patchbay.transport.fifo.FifoTransport;
import dev.patchbay.transport.pipe.PipeTransport;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The Patchbay transports the harness can measure, by URI scheme. They are created directly from the plugin
 * modules' classes, not loaded through PF4J: what is measured is the link, not the host's module loading.
 *
 * <p>A new backend adds one entry here (and its module as a dependency of {@code bench/pom.xml}).
 */
public final class Transports {
    private static final Map<String, Supplier<Transport>> BY_SCHEME = Map.of(
            "pipe", PipeTransport::new,
            "fifo", FifoTransport::new);

    private Transports() {
    }

    /** A new instance of the transport for {@code scheme}. */
    public static Transport forScheme(String scheme) {
        Supplier<Transport> supplier = BY_SCHEME.get(scheme);
        if (supplier == null) {
            throw new IllegalArgumentException("the harness knows no transport for scheme '" + scheme + "'; known: "
                    + BY_SCHEME.keySet());
        }
        return supplier.get();
    }
}
