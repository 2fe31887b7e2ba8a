package dev.patchbay.transport.mmap;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Availability;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import dev.patchbay.sharedmem.segment.SegmentFolders;
import org.pf4j.Extension;

/**
 * Memory-mapped files: {@code mmap:<name>?rollSize=16m&retain=2&durability=none|batch|message&wait=backoff&from=<seq>}.
 * A persistent log per direction in the data folder; a process killed at any point and started again carries on
 * where it stopped, and nothing committed is lost.
 *
 * <p>Public and usable without the host (see {@link MmapLink}). The default wait is {@code backoff} (spin, yield,
 * then park up to 1 ms), safe on two cores; {@code wait=futex} sleeps on a doorbell in the control file.
 */
@Extension
public final class MmapTransport implements Transport {
    private static final Availability AVAILABILITY = checkAvailability();

    @Override
    public String scheme() {
        return "mmap";
    }

    @Override
    public java.util.Optional<java.util.Set<String>> parameters() {
        return java.util.Optional.of(java.util.Set.of("rollSize", "retain", "durability", "batch", "backlog", "wait",
                "from"));
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, true, false, LinkOptions.DEFAULTS.maxMessageSize());
    }

    @Override
    public Availability availability() {
        return AVAILABILITY;
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        return MmapAcceptor.create(MmapParams.of(address, options));
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        return MmapConnector.connect(MmapParams.of(address, options));
    }

    private static Availability checkAvailability() {
        try {
            SegmentFolders.dataFolder();
            return Availability.AVAILABLE;
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("no usable data folder for mapped files: " + e.getMessage());
        }
    }
}
