package dev.patchbay.api.testkit;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.Transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.concurrent.locks.LockSupport;

/**
 * The peer side of the contract suite, run in its own JVM:
 * {@code PeerMain <transport class> <connect|listen> <address> <mode> [count]}.
 *
 * <p>Modes: {@code echo} sends every message back; {@code send} sends {@code count} messages holding their
 * sequence number and closes; {@code hold} reads and discards until the peer closes; {@code stall} reads nothing
 * until the test creates its go-file, then echoes; {@code corrupt-<Corruption>} has the first
 * {@link CorruptionWriter} on the class path that knows its link put that corruption straight onto the medium (the
 * link itself was opened by the backend, as for any peer), then reads until the peer closes. Exit status 0 means the peer
 * closed the link as expected, 3 anything else, 4 that the test JVM went away first (a peer never outlives it).
 */
public final class PeerMain {
    private static final String CORRUPT = "corrupt-";

    private PeerMain() {
    }

    /** The mode of a peer that writes {@code corruption} instead of a frame. */
    static String corruptMode(Corruption corruption) {
        return CORRUPT + corruption.name();
    }

    public static void main(String[] args) throws Exception {
        // A test JVM killed by the build's fork timeout leaves no peer behind, even a stalled one.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime()
                .halt(4)));
        Transport transport = (Transport) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Address address = Address.parse(args[2]);
        LinkOptions options = LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(20));
        Link link;
        if (args[1].equals("listen")) {
            try (Acceptor acceptor = transport.listen(address, options)) {
                link = acceptor.accept(options.openTimeout());
            }
        } else {
            link = transport.connect(address, options);
        }
        int status;
        try (link) {
            status = args[3].startsWith(CORRUPT) ? corrupt(link, Corruption.valueOf(args[3].substring(
                    CORRUPT.length()))) : switch (args[3]) {
                case "echo" -> echo(link);
                case "send" -> send(link, Integer.parseInt(args[4]));
                case "hold" -> hold(link);
                case "stall" -> stallThenEcho(link);
                default -> throw new IllegalArgumentException("unknown mode " + args[3]);
            };
        }
        System.exit(status);
    }

    private static int echo(Link link) {
        ByteBuffer copy = ByteBuffer.allocateDirect(LinkOptions.DEFAULTS.maxMessageSize());
        try {
            while (true) {
                link.receive(m -> {
                    copy.clear();
                    copy.put(m).flip();
                    link.send(copy);
                }, 64, Duration.ofSeconds(1));
            }
        } catch (PeerClosedException e) {
            return 0;
        }
    }

    /**
     * Reads nothing until the test creates {@link #goFile} for this process, so that the test's sends meet a full
     * medium; then echoes like {@link #echo}.
     */
    private static int stallThenEcho(Link link) throws Exception {
        Path go = goFile(ProcessHandle.current().pid());
        while (!Files.exists(go)) {
            LockSupport.parkNanos(5_000_000L);
        }
        Files.deleteIfExists(go);
        return echo(link);
    }

    /** The file whose creation lets a stalled peer of process {@code pid} start reading. */
    static Path goFile(long pid) {
        return Path.of(System.getProperty("java.io.tmpdir"), "patchbay-contract-go-" + pid);
    }

    private static int corrupt(Link link, Corruption corruption) {
        for (CorruptionWriter writer : ServiceLoader.load(CorruptionWriter.class)) {
            if (writer.write(link, corruption)) {
                return hold(link);
            }
        }
        throw new IllegalArgumentException("no CorruptionWriter on the class path knows the link " + link.address()
                + " (a " + link.getClass().getName() + "): for a StreamLink add the test-jar of"
                + " patchbay-transport-kit to the test class path; a backend that frames its own way overrides"
                + " startCorruptingPeer (and detects/corruptionEvidence) in its contract test");
    }

    private static int send(Link link, int count) {
        ByteBuffer message = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (long seq = 0; seq < count; seq++) {
            message.clear();
            message.putLong(seq).flip();
            link.send(message);
        }
        return 0;
    }

    private static int hold(Link link) {
        try {
            while (true) {
                link.receive(m -> { }, 64, Duration.ofSeconds(1));
            }
        } catch (PeerClosedException e) {
            return 0;
        }
    }
}
