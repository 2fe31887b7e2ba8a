package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;

import java.nio.file.Path;

/**
 * The raw Aeron UDP baseline for the {@code aeron} backend, written against the plugin API so that the harness's own
 * sender and receiver drive it: {@code aeronudp:<folder>?endpoint=127.0.0.1:P1&control=127.0.0.1:P2}, the same
 * endpoints as the plugin's {@code aeron:udp} address. Each side embeds its own media driver
 * ({@link AeronUdpDriver}, in {@code <folder>-listener} or {@code <folder>-connector}), subscribes on its own
 * endpoint and publishes to the other's: the listener receives stream {@value #TO_LISTENER} on {@code endpoint},
 * the connector stream {@value #TO_CONNECTOR} on {@code control}. Not a Patchbay backend; it runs on a class path
 * of its own with aeron-all.
 */
public final class AeronUdpTransport implements Transport {
    /** The Transport class name, for command lines built where Aeron is not on the class path. */
    public static final String CLASS_NAME = "dev.patchbay.bench.harness.baseline.AeronUdpTransport";
    static final int TO_LISTENER = 1001;
    static final int TO_CONNECTOR = 1002;

    @Override
    public String scheme() {
        return "aeronudp";
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, false, false, AeronUdpDriver.TERM_LENGTH / 8);
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        Path dir = Path.of(folder(address) + "-listener");
        MediaDriver driver = AeronUdpDriver.launch(dir);
        try {
            Aeron aeron = AeronUdpDriver.connect(dir);
            Subscription in = aeron.addSubscription(udp(endpoint(address, "endpoint")), TO_LISTENER);
            ExclusivePublication out = aeron.addExclusivePublication(publishTo(endpoint(address, "control")),
                    TO_CONNECTOR);
            String awaited = "a publisher to " + in.channel() + " and a subscriber on " + out.channel();
            return new OnceAcceptor(address, new AeronPendingLink(address, aeron, out, in,
                    AeronUdpDriver.linkIdle(), driver, awaited));
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        Path dir = Path.of(folder(address) + "-connector");
        MediaDriver driver = AeronUdpDriver.launch(dir);
        Aeron aeron = null;
        try {
            aeron = AeronUdpDriver.connect(dir);
            Subscription in = aeron.addSubscription(udp(endpoint(address, "control")), TO_CONNECTOR);
            ExclusivePublication out = aeron.addExclusivePublication(publishTo(endpoint(address, "endpoint")),
                    TO_LISTENER);
            Meeting.await(() -> in.isConnected() && out.isConnected(), options.openTimeout(),
                    "the listener did not answer on " + in.channel() + " and " + out.channel());
            return new AeronStreamLink(address, aeron, out, in, AeronUdpDriver.linkIdle(), driver);
        } catch (RuntimeException e) {
            if (aeron != null) {
                aeron.close();
            }
            driver.close();
            throw e;
        }
    }

    private static String udp(String endpoint) {
        return "aeron:udp?endpoint=" + endpoint;
    }

    private static String publishTo(String endpoint) {
        return udp(endpoint) + "|term-length=" + AeronUdpDriver.TERM_LENGTH;
    }

    /** Loopback only: the baseline must send nowhere else. */
    private static String endpoint(Address address, String key) {
        String value = address.param(key).orElse("");
        if (!value.matches("127\\.0\\.0\\.1:\\d{1,5}")) {
            throw new AddressException(address + ": " + key + "= must be 127.0.0.1:<port>, not '" + value + "'");
        }
        return value;
    }

    private static Path folder(Address address) {
        return Meeting.absolutePath(address, "aeronudp:/dev/shm/patchbay-bench-orders?endpoint=127.0.0.1:40001"
                + "&control=127.0.0.1:40002");
    }
}
