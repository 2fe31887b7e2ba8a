package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import dev.patchbay.api.TransportIoException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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
            Link link = new AgronaRingLink(address, map(file), true, AgronaIdle.of(address), file);
            return new OnceAcceptor(address, new ReadyLink(link));
        } catch (IOException e) {
            throw new TransportIoException("cannot create " + file + ": " + e, e);
        }
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        Path file = file(address);
        Meeting.awaitFile(file, options.openTimeout(), "listener");
        try {
            return new AgronaRingLink(address, map(file), false, AgronaIdle.of(address), null);
        } catch (IOException e) {
            throw new TransportIoException("cannot map " + file + ": " + e, e);
        }
    }

    private static Path file(Address address) {
        return Meeting.absolutePath(address, "agrona:/dev/shm/orders");
    }

    private static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, AgronaRingLayout.FILE_LENGTH);
        }
    }

    /** The link exists as soon as the file does: there is nothing to wait for. */
    private record ReadyLink(Link link) implements PendingLink {
        @Override
        public boolean peerArrived() {
            return true;
        }

        @Override
        public String awaited() {
            return "nothing";
        }

        @Override
        public void release() {
            link.close();
        }
    }
}
