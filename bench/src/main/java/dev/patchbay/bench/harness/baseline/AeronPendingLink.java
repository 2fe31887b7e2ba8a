package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import org.agrona.concurrent.IdleStrategy;

/**
 * An Aeron baseline's listener before its peer came: both its streams are made and wait to be connected, the
 * embedded driver runs. The IPC and the UDP baseline differ only in the channels.
 */
final class AeronPendingLink implements PendingLink {
    private final Address address;
    private final Aeron aeron;
    private final ExclusivePublication out;
    private final Subscription in;
    private final IdleStrategy idle;
    private final MediaDriver driver;
    private final String awaited;

    AeronPendingLink(Address address, Aeron aeron, ExclusivePublication out, Subscription in, IdleStrategy idle,
                     MediaDriver driver, String awaited) {
        this.address = address;
        this.aeron = aeron;
        this.out = out;
        this.in = in;
        this.idle = idle;
        this.driver = driver;
        this.awaited = awaited;
    }

    @Override
    public boolean peerArrived() {
        return in.isConnected() && out.isConnected();
    }

    @Override
    public Link link() {
        return new AeronStreamLink(address, aeron, out, in, idle, driver);
    }

    @Override
    public String awaited() {
        return awaited;
    }

    @Override
    public void release() {
        aeron.close();
        driver.close();
    }
}
