package dev.patchbay.host.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.PluginsFolder;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** Options every command that runs a host shares. */
final class HostOptions {
    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Folder of plugin jars (default: $PATCHBAY_PLUGINS, else plugins/ beside the distribution).")
    Path pluginsDir;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to wait for the peer when opening (e.g. 500ms, 30s, 2m; default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--no-watch", description = "Do not deploy jars dropped into the plugins folder while running.")
    boolean noWatch;

    @Option(names = "--pins", paramLabel = "FILE",
            description = "Deploy only patches whose SHA-256 is listed in FILE (sha256sum format).")
    Path pins;

    @Option(names = "--health-window", paramLabel = "DURATION", defaultValue = "500ms",
            converter = DurationConverter.class,
            description = "How long a new link must work before the old one is released (default ${DEFAULT-VALUE}).")
    Duration healthWindow;

    @Option(names = {"-v", "--verbose"}, description = "Log what the host does (to stderr).")
    void verbose(boolean on) {
        if (on) {
            ((Logger) LoggerFactory.getLogger("dev.patchbay")).setLevel(Level.DEBUG);
        }
    }

    /** The plugins folder this command uses. */
    Path plugins() {
        return PluginsFolder.resolve(pluginsDir);
    }

    /**
     * Starts a long-running host on the plugins folder: it answers on the control socket and, unless
     * {@code --no-watch}, deploys patches dropped into the folder.
     */
    Patchbay startHost() {
        HostConfig config = HostConfig.of(plugins())
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(timeout))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(healthWindow))
                .withWatch(!noWatch)
                .withControl(true);
        return Patchbay.start(pins == null ? config : config.withPins(pins));
    }
}
