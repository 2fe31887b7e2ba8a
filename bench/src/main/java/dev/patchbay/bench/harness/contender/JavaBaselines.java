package dev.patchbay.bench.harness.contender;

import dev.patchbay.api.Link;
import dev.patchbay.bench.harness.baseline.AgronaRingTransport;
import org.pf4j.ExtensionPoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Baselines written in Java against the plugin API ({@code harness.baseline}), each started on a class path of
 * its own: the harness's classes, the plugin API, PF4J, and the library's jars from
 * {@code <baselines dir>/<library>/}, where the build copies them.
 */
public final class JavaBaselines {
    /** Agrona on Java 17 needs this to reach its fast paths. */
    private static final List<String> AGRONA_FLAGS = List.of("--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED");

    private JavaBaselines() {
    }

    /**
     * Two Agrona {@code OneToOneRingBuffer}s over a file in {@code /dev/shm}, one each way.
     *
     * @param idle {@code "backoff"} (Agrona's BackoffIdleStrategy defaults) or {@code "spin"} (BusySpinIdleStrategy)
     */
    public static Contender agronaRingBuffer(JavaCommand harness, Path baselinesDir, String idle) {
        JavaCommand java = harness.on(classPath(baselinesDir.resolve("agrona")), AGRONA_FLAGS);
        String wait = idle.equals("spin") ? "Agrona BusySpinIdleStrategy (spins while it waits)"
                : "Agrona BackoffIdleStrategy with its defaults (10 spins, 5 yields, then parks 1 µs doubling to 1 ms)";
        Path shm = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty(
                "java.io.tmpdir"));
        long launcher = ProcessHandle.current().pid();
        return new CommandContender("Agrona OneToOneRingBuffer", wait, true, spec -> {
            String address = "agrona:" + shm.resolve("patchbay-bench-" + launcher + "-" + spec.id()) + "?idle=" + idle;
            String transport = AgronaRingTransport.CLASS_NAME;
            return PairCommands.separate(java.receiver(spec, "--transport", transport, "--listen", address),
                    java.sender(spec, "--transport", transport, "--connect", address));
        });
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
