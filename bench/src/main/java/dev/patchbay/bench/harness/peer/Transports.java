package dev.patchbay.bench.harness.peer;

import dev.patchbay.api.Transport;
import dev.patchbay.transport.aeron.AeronTransport;
import dev.patchbay.transport.fifo.FifoTransport;
import dev.patchbay.transport.mmap.MmapTransport;
import dev.patchbay.transport.pipe.PipeTransport;
import dev.patchbay.transport.shm.ShmTransport;

import java.util.List;

/**
 * The Patchbay transports the harness can measure, by URI scheme. They are created directly from the plugin
 * modules' classes, not loaded through PF4J: what is measured is the link, not the host's module loading.
 *
 * <p>A new backend adds one case here (and its module as a dependency of {@code bench/pom.xml}).
 */
public final class Transports {
    private static final List<String> SCHEMES = List.of("pipe", "fifo", "shm", "mmap", "aeron");

    private Transports() {
    }

    /**
     * A new instance of a transport class that is not one of Patchbay's: a baseline written against the plugin API,
     * such as an Agrona ring buffer, which runs on a class path of its own.
     */
    public static Transport byClassName(String className) {
        try {
            return Class.forName(className).asSubclass(Transport.class).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("cannot make a transport of class " + className + ": " + e, e);
        }
    }

    /**
     * A new instance of the transport for {@code scheme}. A switch, not a map of constructors: each plugin class is
     * loaded only when asked for, so that a baseline's class path need not hold every plugin.
     */
    public static Transport forScheme(String scheme) {
        return switch (scheme) {
            case "pipe" -> new PipeTransport();
            case "fifo" -> new FifoTransport();
            case "shm" -> new ShmTransport();
            case "mmap" -> new MmapTransport();
            case "aeron" -> new AeronTransport();
            default -> throw new IllegalArgumentException("the harness knows no transport for scheme '" + scheme
                    + "'; known: " + SCHEMES);
        };
    }
}
