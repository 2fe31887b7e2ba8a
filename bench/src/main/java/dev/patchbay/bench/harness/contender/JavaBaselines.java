package dev.patchbay.bench.harness.contender;

import dev.patchbay.api.Link;
import dev.patchbay.bench.harness.baseline.AeronIpcTransport;
import dev.patchbay.bench.harness.baseline.AeronUdpTransport;
import dev.patchbay.bench.harness.baseline.AgronaRingTransport;
import dev.patchbay.bench.harness.baseline.FileChannelTransport;
import org.pf4j.ExtensionPoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Baselines written in Java against the plugin API ({@code harness.baseline}). One that needs a library is started
 * on a class path of its own: the harness's classes, the plugin API, PF4J, and the library's jars from
 * {@code <baselines dir>/<library>/}, where the build copies them. The class path is looked up when a session
 * starts, so that a run without that baseline does not need its library.
 *
 * <p>All of them poll memory or a file while they wait (spinning first, at least), so all count as spinning: they
 * are measured only with their two processes on separate CPUs.
 */
public final class JavaBaselines {
    /** Agrona on Java 17 needs this to reach its fast paths. */
    private static final List<String> AGRONA_FLAGS = List.of("--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED");
    private static final List<String> AERON_FLAGS = PatchbayContenders.AERON_JVM_FLAGS;
    /** Agrona's BackoffIdleStrategy() as the Agrona and Aeron baselines use it. */
    private static final String AGRONA_BACKOFF = "Agrona BackoffIdleStrategy with its defaults (10 spins, 5 yields,"
            + " then parks 1 µs doubling to 1 ms)";

    private JavaBaselines() {
    }

    /**
     * Two Agrona {@code OneToOneRingBuffer}s over a file in {@code /dev/shm}, one each way.
     *
     * @param idle {@code "backoff"} (Agrona's BackoffIdleStrategy defaults) or {@code "spin"} (BusySpinIdleStrategy)
     */
    public static Contender agronaRingBuffer(JavaCommand harness, Path baselinesDir, String idle) {
        String wait = (idle.equals("spin") ? "Agrona BusySpinIdleStrategy (spins while it waits)" : AGRONA_BACKOFF)
                + "; rings of 1 MiB each way";
        long launcher = ProcessHandle.current().pid();
        return new CommandContender("Agrona OneToOneRingBuffer", wait, true, spec -> {
            JavaCommand java = harness.on(classPath(baselinesDir.resolve("agrona")), AGRONA_FLAGS);
            String address = "agrona:" + sharedMemory().resolve("patchbay-bench-" + launcher + "-" + spec.id())
                    + "?idle=" + idle;
            return meeting(java, spec, AgronaRingTransport.CLASS_NAME, address);
        });
    }

    /**
     * Aeron IPC with an embedded media driver in the receiver's process ({@code baseline.AeronIpcTransport}): one
     * {@code aeron:ipc} stream each way, exclusive publications, fragment-assembling subscriptions, both sides
     * waiting with Agrona's BackoffIdleStrategy. Its folder is in {@code /dev/shm}, deleted when the driver stops.
     */
    public static Contender aeronIpc(JavaCommand harness, Path baselinesDir) {
        String wait = AGRONA_BACKOFF + " on both sides; the media driver embedded in the receiver, ThreadingMode.SHARED"
                + " (one thread) with the same BackoffIdleStrategy; 8 MiB terms, default MTU (1408 bytes: longer"
                + " messages go as fragments)";
        long launcher = ProcessHandle.current().pid();
        return new CommandContender("Aeron IPC", wait, true, spec -> {
            JavaCommand java = harness.on(classPath(baselinesDir.resolve("aeron")), AERON_FLAGS);
            String address = "aeron:" + sharedMemory().resolve("patchbay-bench-" + launcher + "-" + spec.id()
                    + "-aeron") + "?idle=backoff";
            return meeting(java, spec, AeronIpcTransport.CLASS_NAME, address);
        });
    }

    /**
     * Raw Aeron UDP over loopback ({@code baseline.AeronUdpTransport}): each process embeds a media driver set up as
     * the {@code aeron} plugin's, publishes with an exclusive publication to the other's endpoint and polls its own
     * through a fragment assembler, waiting as the plugin's link does. The drivers' folders are in {@code /dev/shm},
     * deleted when they stop. Kept running while the other pair is measured, as Patchbay's aeron pair is.
     */
    public static Contender aeronUdp(JavaCommand harness, Path baselinesDir) {
        String wait = "BackoffIdleStrategy(20 spins, 10 yields, parks 1 µs → 1 ms), as the plugin's link waits; "
                + PatchbayContenders.AERON_UDP_DRIVER;
        long launcher = ProcessHandle.current().pid();
        return new KeptRunning(new CommandContender("Aeron UDP", wait, true, spec -> {
            JavaCommand java = harness.on(classPath(baselinesDir.resolve("aeron")), AERON_FLAGS);
            String address = "aeronudp:" + sharedMemory().resolve("patchbay-bench-" + launcher + "-" + spec.id()
                    + "-aeron") + "?" + LoopbackPorts.pick().query();
            return meeting(java, spec, AeronUdpTransport.CLASS_NAME, address);
        }));
    }

    /**
     * Two append-only files written with {@code FileChannel.write} and never forced, read by polling with
     * positional reads ({@code baseline.FileChannelTransport}), in a folder in the session's work folder. JDK only:
     * it runs on the harness's own class path.
     */
    public static Contender fileChannel(JavaCommand harness) {
        String wait = "polls its file with positional reads: 10 spins, 5 yields, then parks from 1 µs doubling to"
                + " 1 ms; FileChannel.write, never forced (no force(): the kernel writes pages back in its own time)"
                + ", 16 MiB files";
        return new CommandContender("FileChannel append", wait, true, spec -> meeting(harness, spec,
                FileChannelTransport.class.getName(), "filechannel:" + spec.workDir().resolve("patchbay-bench-"
                        + spec.id())));
    }

    /** The receiver listens on the address with the baseline's transport, the sender connects to it. */
    private static PairCommands meeting(JavaCommand java, SessionSpec spec, String transport, String address) {
        return PairCommands.separate(java.receiver(spec, "--transport", transport, "--listen", address),
                java.sender(spec, "--transport", transport, "--connect", address));
    }

    /** {@code /dev/shm}, or the temporary folder where there is none. */
    private static Path sharedMemory() {
        return Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty(
                "java.io.tmpdir"));
    }

    /** This module's classes, the plugin API, PF4J, and every jar in {@code libraryDir}. */
    private static List<Path> classPath(Path libraryDir) {
        List<Path> path = new ArrayList<>(List.of(JavaCommand.locationOf(JavaBaselines.class),
                JavaCommand.locationOf(Link.class), JavaCommand.locationOf(ExtensionPoint.class)));
        try (Stream<Path> jars = Files.list(libraryDir)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(path::add);
        } catch (IOException e) {
            throw new IllegalArgumentException("no baseline library in " + libraryDir + " (" + e.getMessage()
                    + "); build first with ./mvnw -q -DskipTests package");
        }
        return path;
    }
}
