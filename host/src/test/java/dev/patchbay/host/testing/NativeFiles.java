package dev.patchbay.host.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The shared libraries the native build made (plugins/native), and the process's view of what is mapped. */
public final class NativeFiles {
    private NativeFiles() {
    }

    /** nshm 1.0.0, the version loaded at start. */
    public static Path nshm() {
        return existing(PluginJars.distPlugins().resolve("nshm-1.0.0.so"));
    }

    /** A library from the distribution's patches folder: the patch, the broken patch, the bad variants. */
    public static Path patch(String fileName) {
        return PeerHosts.patch(fileName);
    }

    /** The C peer program. */
    public static Path pbpeer() {
        return existing(PluginJars.distPlugins().resolveSibling("bin").resolve("pbpeer"));
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: build with ./mvnw package (it needs gcc)");
        }
        return p;
    }

    /** True while /proc/self/maps lists {@code file}: the dynamic loader has it mapped. */
    public static boolean mapped(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            String path = file.toAbsolutePath().toString();
            return lines.anyMatch(line -> line.endsWith(path) || line.endsWith(path + " (deleted)"));
        }
    }
}
