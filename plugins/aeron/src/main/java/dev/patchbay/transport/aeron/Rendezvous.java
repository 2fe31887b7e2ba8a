package dev.patchbay.transport.aeron;

import dev.patchbay.api.Address;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.runtime.OwnerFile;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the two sides of a named {@code aeron:} address meet on one machine: the listener claims
 * {@code <runtime>/aeron/<name>.owner} and writes the two loopback ports to {@code <name>.ports} (0600, written
 * whole and renamed in); the connector reads them. The listener removes both once the link is up or given up.
 */
record Rendezvous(Path owner, Path ports, int listenerPort, int connectorPort) {
    static final String PORTS_SUFFIX = ".ports";

    static Path folder() {
        return RuntimeDirectory.sub("aeron");
    }

    static Rendezvous create(Address address) {
        Path owner = folder().resolve(address.plainName() + OwnerFile.SUFFIX);
        Path ports = folder().resolve(address.plainName() + PORTS_SUFFIX);
        claim(address, owner, ports);
        try {
            int[] picked = freeLoopbackPorts();
            Path part = folder().resolve("." + address.plainName() + PORTS_SUFFIX + ".part");
            Files.writeString(part, picked[0] + " " + picked[1] + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
            Files.move(part, ports, StandardCopyOption.ATOMIC_MOVE);
            return new Rendezvous(owner, ports, picked[0], picked[1]);
        } catch (IOException e) {
            removeQuietly(owner, ports);
            throw new TransportIoException("cannot write " + ports + ": " + e.getMessage(), e);
        }
    }

    private static void claim(Address address, Path owner, Path ports) {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (OwnerFile.claim(owner)) {
                return;
            }
            var found = OwnerFile.read(owner);
            if (found.isPresent() && found.get().process().isAlive()) {
                throw new TransportIoException(address + " is already being listened on by process "
                        + found.get().process().pid() + "; pick another name");
            }
            removeQuietly(owner, ports);
        }
        throw new TransportIoException("cannot claim " + owner + ": another process keeps creating it");
    }

    /** Two ports the kernel had free on loopback a moment ago; Aeron binds them as the sides open. */
    private static int[] freeLoopbackPorts() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(loopback, 0));
             DatagramSocket b = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    static Rendezvous await(Address address, java.time.Duration timeout) {
        Path owner = folder().resolve(address.plainName() + OwnerFile.SUFFIX);
        Path ports = folder().resolve(address.plainName() + PORTS_SUFFIX);
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = 100_000;
        while (true) {
            try {
                String[] words = Files.readString(ports, StandardCharsets.US_ASCII).trim().split(" ");
                return new Rendezvous(owner, ports, Integer.parseInt(words[0]), Integer.parseInt(words[1]));
            } catch (IOException | RuntimeException e) {
                // Not there yet (or being replaced): look again until the open timeout.
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new OpenTimeoutException("no listener at " + address + " within " + timeout.toMillis()
                        + " ms (no " + ports + "); start the other side with: patchbay listen " + address);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new OpenTimeoutException("interrupted while waiting for " + ports);
            }
            LockSupport.parkNanos(Math.min(left, backoff));
            backoff = Math.min(backoff * 2, 20_000_000);
        }
    }

    /** Removes the files: the link is up (or given up), and nobody else may connect through them. */
    void remove() {
        removeQuietly(owner, ports);
    }

    private static void removeQuietly(Path owner, Path ports) {
        try {
            Files.deleteIfExists(ports);
            Files.deleteIfExists(owner);
        } catch (IOException ignored) {
            // The owner file names a dead process then, and the next listener on the name clears it.
        }
    }
}
