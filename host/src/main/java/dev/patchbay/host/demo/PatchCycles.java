package dev.patchbay.host.demo;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.TransportRef;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Patch cycles of one plugin under traffic: load a new generation of the jar, move the channel onto it, retire the
 * old one. Measures what a class-loader leak would show: loaded classes, metaspace, and open files of old jars.
 */
public final class PatchCycles {
    /** The host's footprint at one point. */
    public record Footprint(long loadedClasses, long metaspaceBytes, List<String> openJarCopies) {
    }

    private final Patchbay host;
    private final Channel channel;
    private final Path jar;

    /** @param jar the plugin jar to load again and again (its scheme must be the channel's) */
    public PatchCycles(Patchbay host, Channel channel, Path jar) {
        this.host = host;
        this.channel = channel;
        this.jar = jar;
    }

    /** Runs {@code cycles} patch cycles; throws if one does not commit. */
    public void run(int cycles) {
        String scheme = channel.transport().transport().scheme();
        for (int i = 0; i < cycles; i++) {
            BackendModule module = host.modules().load(jar);
            if (module.state() != ModuleState.STARTED) {
                throw new IllegalStateException("cycle " + i + ": " + module.info().cause());
            }
            MigrationReport report = host.migrate(channel,
                    new TransportRef(module, module.transport(scheme).orElseThrow()));
            if (report.outcome() != MigrationOutcome.COMMITTED) {
                throw new IllegalStateException("cycle " + i + ": " + report);
            }
            // A cycle ends with the old generation retired, as a deployed patch does; the host's own retiring
            // runs later on its maintenance thread.
            host.retireUnused();
        }
    }

    /** Loaded classes and metaspace after a full collection, and the open files under the modules folder. */
    public static Footprint measure() throws IOException {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getName().equals("Metaspace"))
                .map(MemoryPoolMXBean::getUsage)
                .mapToLong(u -> u.getUsed())
                .sum();
        return new Footprint(ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(), metaspace,
                openJarCopies());
    }

    private static List<String> openJarCopies() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(t -> t.contains("/modules/") && t.endsWith(".jar")).toList();
        }
    }
}
