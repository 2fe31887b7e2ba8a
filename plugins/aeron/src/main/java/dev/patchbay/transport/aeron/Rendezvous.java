package dev.patchbay.transport.aeron;

import dev.patchbay.api.Address;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.RuntimeFolders;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.runtime.OwnerFile;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;

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
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the two sides of a named {@code aeron:} address meet on one machine: the listener claims
 * {@code <runtime>/aeron/<name>.owner} and writes the two loopback ports to {@code <name>.ports} (0600, written
 * whole and renamed in); the connector reads them and claims {@code <name>.connector}, so that a second connector
 * is turned away. The listener removes all three once the link is up or given up. Both owner files name a process,
 * so each side also knows the other's: on one machine a peer's death is seen in its process, at once, before
 * Aeron's liveness timeouts would say so.
 */
record Rendezvous(Path owner, Path ports, Path connector, int listenerPort, int connectorPort) {
    static final String PORTS_SUFFIX = ".ports";
    static final String CONNECTOR_SUFFIX = ".connector";

    static Path folder() {
        return RuntimeFolders.folder("aeron");
    }

    static Rendezvous create(Address address) {
        Path owner = folder().resolve(address.plainName() + OwnerFile.SUFFIX);
        Path ports = folder().resolve(address.plainName() + PORTS_SUFFIX);
        Path connector = folder().resolve(address.plainName() + CONNECTOR_SUFFIX);
        claim(address, owner, ports, connector);
        try {
            int[] picked = freeLoopbackPorts();
            Path part = folder().resolve("." + address.plainName() + PORTS_SUFFIX + ".part");
            Files.writeString(part, picked[0] + " " + picked[1] + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
            Files.move(part, ports, StandardCopyOption.ATOMIC_MOVE);
            return new Rendezvous(owner, ports, connector, picked[0], picked[1]);
        } catch (IOException e) {
            removeQuietly(owner, ports, connector);
            throw new TransportIoException("cannot write " + ports + ": " + e.getMessage(), e);
        }
    }

    private static void claim(Address address, Path owner, Path ports, Path connector) {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (OwnerFile.claim(owner)) {
                return;
            }
            var found = OwnerFile.read(owner);
            if (found.isPresent() && found.get().process().isAlive()) {
                throw new TransportIoException(address + " is already being listened on by process "
                        + found.get().process().pid() + "; pick another name");
            }
            removeQuietly(owner, ports, connector);
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
        Path connector = folder().resolve(address.plainName() + CONNECTOR_SUFFIX);
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = 100_000;
        String problem = "no " + ports;
        while (true) {
            try {
                String[] words = Files.readString(ports, StandardCharsets.US_ASCII).trim().split(" ");
                Rendezvous found = new Rendezvous(owner, ports, connector, Integer.parseInt(words[0]),
                        Integer.parseInt(words[1]));
                if (OwnerFile.claim(connector)) {
                    return found;
                }
                problem = "another peer is connecting to it";
            } catch (IOException | RuntimeException e) {
                // Not there yet (or being replaced): look again until the open timeout.
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new OpenTimeoutException("no listener at " + address + " within " + timeout.toMillis()
                        + " ms (" + problem + "); start the other side with: patchbay listen " + address);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new OpenTimeoutException("interrupted while waiting for " + ports);
            }
            LockSupport.parkNanos(Math.min(left, backoff));
            backoff = Math.min(backoff * 2, 20_000_000);
        }
    }

    /** The process on the other side: the connector's for the listener, the listener's for the connector. */
    Optional<ProcessIdentity> peerOf(Side side) {
        return OwnerFile.read(side == Side.LISTENER ? connector : owner).map(OwnerFile.Owner::process);
    }

    /** Removes the files: the link is up (or given up), and nobody else may connect through them. */
    void remove() {
        removeQuietly(owner, ports, connector);
    }

    private static void removeQuietly(Path owner, Path ports, Path connector) {
        try {
            Files.deleteIfExists(ports);
            Files.deleteIfExists(connector);
            Files.deleteIfExists(owner);
        } catch (IOException ignored) {
            // The owner file names a dead process then, and the next listener on the name clears it.
        }
    }
}
