package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;

/**
 * The Aeron baseline for the shared-memory backend, written against the plugin API so that the harness's own
 * sender and receiver drive it: {@code aeron:/dev/shm/<folder>?idle=backoff|spin}. The listener embeds the media
 * driver ({@link AeronEmbeddedDriver}) in that folder; both sides are its clients and meet on two {@code aeron:ipc}
 * streams, {@value #TO_LISTENER} towards the listener and {@value #TO_CONNECTOR} back. Not a Patchbay backend; it
 * runs on a class path of its own (this module's classes, the plugin API, PF4J and aeron-all, which must never
 * meet a separate Agrona jar).
 *
 * <p>{@code idle=backoff} (the default) is Agrona's {@code BackoffIdleStrategy} with its defaults: 10 spins, 5
 * yields, then parks from 1 µs doubling to 1 ms. {@code idle=spin} is {@code BusySpinIdleStrategy}. Either applies
 * to both sides' waits for data and for room, not to the driver.
 */
public final class AeronIpcTransport implements Transport {
    /** The Transport class name, for command lines built where Aeron is not on the class path. */
    public static final String CLASS_NAME = "dev.patchbay.bench.harness.baseline.AeronIpcTransport";
    static final String CHANNEL = "aeron:ipc";
    static final int TO_LISTENER = 1001;
    static final int TO_CONNECTOR = 1002;

    @Override
    public String scheme() {
        return "aeron";
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, false, false, AeronEmbeddedDriver.TERM_LENGTH / 8);
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        Path dir = folder(address);
        IdleStrategy idle = AgronaIdle.of(address);
        MediaDriver driver = AeronEmbeddedDriver.launch(dir);
        try {
            Aeron aeron = AeronEmbeddedDriver.connect(dir);
            Subscription in = aeron.addSubscription(CHANNEL, TO_LISTENER);
            ExclusivePublication out = aeron.addExclusivePublication(CHANNEL, TO_CONNECTOR);
            return new OnceAcceptor(address, new AeronPendingLink(address, aeron, out, in, idle, driver,
                    "a client on streams " + TO_LISTENER + " and " + TO_CONNECTOR + " of " + dir));
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        Path dir = folder(address);
        IdleStrategy idle = AgronaIdle.of(address);
        Meeting.awaitFile(dir.resolve(CncFileDescriptor.CNC_FILE), options.openTimeout(), "listener's media driver");
        Aeron aeron = AeronEmbeddedDriver.connect(dir);
        try {
            Subscription in = aeron.addSubscription(CHANNEL, TO_CONNECTOR);
            ExclusivePublication out = aeron.addExclusivePublication(CHANNEL, TO_LISTENER);
            Meeting.await(() -> in.isConnected() && out.isConnected(), options.openTimeout(),
                    "the listener did not subscribe to stream " + TO_LISTENER + " and publish " + TO_CONNECTOR
                            + " of " + dir);
            return new AeronStreamLink(address, aeron, out, in, idle, null);
        } catch (RuntimeException e) {
            aeron.close();
            throw e;
        }
    }

    private static Path folder(Address address) {
        return Meeting.absolutePath(address, "aeron:/dev/shm/patchbay-bench-orders");
    }
}
