package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.Transport;
import dev.patchbay.api.TransportIoException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The Agrona baseline for a shared-memory backend, written against the plugin API so that the harness's own
 * sender and receiver drive it: {@code agrona:/dev/shm/<name>?idle=backoff|spin}. The listener creates the file
 * ({@link AgronaRingLayout}), the connector maps it once it exists. Not a Patchbay backend; it runs on a class path
 * of its own (this module's classes, the plugin API, PF4J and Agrona).
 *
 * <p>{@code idle=backoff} (the default) is Agrona's {@code BackoffIdleStrategy} with its defaults: 10 spins, 5
 * yields, then parks from 1 µs doubling to 1 ms. {@code idle=spin} is {@code BusySpinIdleStrategy}.
 */
public final class AgronaRingTransport implements Transport {
    /** The Transport class name, for command lines built where Agrona is not on the class path. */
    public static final String CLASS_NAME = "dev.patchbay.bench.harness.baseline.AgronaRingTransport";

    @Override
    public String scheme() {
        return "agrona";
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, false, false, AgronaRingLayout.CAPACITY / 8);
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        Path file = file(address);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            // Sized under another name, then renamed: a connector never maps a file shorter than the layout.
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                channel.truncate(0);
                channel.write(ByteBuffer.allocate(1), AgronaRingLayout.FILE_LENGTH - 1);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Link link = new AgronaRingLink(address, map(file), true, idle(address), file);
            return new ReadyAcceptor(address, link);
        } catch (IOException e) {
            throw new TransportIoException("cannot create " + file + ": " + e, e);
        }
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        Path file = file(address);
        long deadline = System.nanoTime() + options.openTimeout().toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new OpenTimeoutException("no listener made " + file + " within "
                        + options.openTimeout().toMillis() + " ms");
            }
            LockSupport.parkNanos(1_000_000);
        }
        try {
            return new AgronaRingLink(address, map(file), false, idle(address), null);
        } catch (IOException e) {
            throw new TransportIoException("cannot map " + file + ": " + e, e);
        }
    }

    private static Path file(Address address) {
        if (!address.name().startsWith("/")) {
            throw new AddressException("'" + address + "' needs an absolute file, e.g. agrona:/dev/shm/orders");
        }
        return Path.of(address.name());
    }

    private static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, AgronaRingLayout.FILE_LENGTH);
        }
    }

    private static IdleStrategy idle(Address address) {
        return switch (address.param("idle", "backoff")) {
            case "backoff" -> new BackoffIdleStrategy();
            case "spin" -> new BusySpinIdleStrategy();
            default -> throw new AddressException("'" + address + "': idle must be backoff or spin");
        };
    }

    /** The link exists as soon as the file does: accepting hands it over, once. */
    private record ReadyAcceptor(Address address, AtomicReference<Link> link) implements Acceptor {
        ReadyAcceptor(Address address, Link link) {
            this(address, new AtomicReference<>(link));
        }

        @Override
        public Link accept(Duration timeout) {
            return Optional.ofNullable(link.getAndSet(null)).orElseThrow(() -> new LinkClosedException("acceptor "
                    + address + " was already accepted or closed"));
        }

        @Override
        public void close() {
            Optional.ofNullable(link.getAndSet(null)).ifPresent(Link::close);
        }
    }
}
