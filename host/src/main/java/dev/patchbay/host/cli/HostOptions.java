package dev.patchbay.host.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.Patchbay;
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

    /** Starts a host on the plugins folder, with the open timeout. */
    Patchbay startHost() {
        return Patchbay.start(plugins(), LinkOptions.DEFAULTS.withOpenTimeout(timeout));
    }
}
