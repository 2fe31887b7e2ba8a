package dev.patchbay.host;

import dev.patchbay.host.module.DistributionFolder;

import java.nio.file.Path;

/**
 * Where the host looks for modules: the {@code --plugins-dir} option, else {@code PATCHBAY_PLUGINS}, else the
 * {@code patchbay.plugins} system property, else the {@code plugins} folder beside the distribution's {@code lib}
 * folder (found from the host jar's location).
 */
public final class PluginsFolder {
    private PluginsFolder() {
    }

    /** The folder to use, given the command-line option (may be null). */
    public static Path resolve(Path option) {
        if (option != null) {
            return option.toAbsolutePath().normalize();
        }
        String env = System.getenv("PATCHBAY_PLUGINS");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        String property = System.getProperty("patchbay.plugins");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        return besideDistribution();
    }

    private static Path besideDistribution() {
        return DistributionFolder.root().resolve("plugins");
    }
}
