package dev.patchbay.transport.shm;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Availability;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import dev.patchbay.sharedmem.segment.Pages;
import org.pf4j.Extension;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shared memory: {@code shm:<name>?flavor=posix|sysv&size=<ring bytes>&wait=spin|backoff|futex}. The fastest link
 * between two processes on one machine; nothing of it outlives both processes.
 *
 * <p>Public and usable without the host (a benchmark may drive it directly):
 * <pre>{@code
 * Acceptor a = new ShmTransport().listen(Address.parse("shm:orders"), LinkOptions.DEFAULTS);
 * Link l = a.accept(Duration.ofSeconds(5));      // the other process: new ShmTransport().connect(...)
 * }</pre>
 * Defaults: POSIX, rings of 1 MiB each way, and the {@code backoff} wait (spin 100 times, yield 20 times, then park
 * from 1 µs doubling to 1 ms), which is safe on two cores; {@code wait=futex} sleeps in the kernel instead (no CPU
 * while idle, a wake-up costs a system call); {@code wait=spin} burns a core for the lowest latency.
 */
@Extension
public final class ShmTransport implements Transport {
    private static final Availability AVAILABILITY = checkAvailability();

    @Override
    public String scheme() {
        return "shm";
    }

    @Override
    public java.util.Optional<java.util.Set<String>> parameters() {
        return java.util.Optional.of(java.util.Set.of("flavor", "size", "wait"));
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, false, false, LinkOptions.DEFAULTS.maxMessageSize());
    }

    @Override
    public Availability availability() {
        return AVAILABILITY;
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        return ShmAcceptor.create(ShmParams.of(address, options));
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        return ShmConnector.connect(ShmParams.of(address, options));
    }

    private static Availability checkAvailability() {
        try {
            if (!Files.isDirectory(Path.of("/dev/shm"))) {
                return Availability.unavailable("/dev/shm is missing: POSIX shared memory needs it (mount a tmpfs"
                        + " there); flavor=sysv may still work");
            }
            // Reading the page size loads the native bindings the segments use.
            return Pages.SIZE > 0 ? Availability.AVAILABLE : Availability.unavailable("no page size");
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("the shared memory bindings do not load here: " + e);
        }
    }
}
