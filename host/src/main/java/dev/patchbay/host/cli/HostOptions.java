package dev.patchbay.host.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.PluginsFolder;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.module.ModuleException;
import dev.patchbay.host.module.ModuleTrust;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Options every command that runs a host shares. */
final class HostOptions {
    /** What {@code --timeout 0} stands for: long enough never to end, short enough not to overflow a deadline. */
    static final Duration FOREVER = Duration.ofDays(3650);

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Folder of plugin jars (default: $PATCHBAY_PLUGINS, else plugins/ beside the distribution).")
    Path pluginsDir;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to wait for the peer when opening (e.g. 500ms, 30s, 2m; 0: no limit; default"
                    + " ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--no-watch", description = "Do not deploy jars dropped into the plugins folder while running.")
    boolean noWatch;

    @Option(names = "--pins", paramLabel = "FILE",
            description = "Load only module files whose SHA-256 is listed in FILE (sha256sum format): at start-up,"
                    + " as patches, and for a peer's migration. Replaces the built-in and your own trust list.")
    Path pins;

    @Option(names = "--trust-all",
            description = "Load module files without checking them against the trust lists. For plugin development"
                    + " only: any file dropped into the plugins folder then runs in this host.")
    boolean trustAll;

    @Option(names = "--health-window", paramLabel = "DURATION", defaultValue = "500ms",
            converter = DurationConverter.class,
            description = "How long a new link must work before the old one is released (default ${DEFAULT-VALUE}).")
    Duration healthWindow;

    @Option(names = "--step-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How long each migration step (opening the new link, READY, SWITCH, COMMIT) may take before"
                    + " the migration is rolled back (default ${DEFAULT-VALUE}). Raise it where a loaded machine makes"
                    + " a peer slow to load a new module.")
    Duration stepTimeout;

    private boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "Log what the host does (to stderr).")
    void verbose(boolean on) {
        verbose = on;
        if (on) {
            ((Logger) LoggerFactory.getLogger("dev.patchbay")).setLevel(Level.DEBUG);
        }
    }

    /**
     * For commands that report every transition themselves (demo, soak): without {@code -v} the host's own warnings
     * about what they do on purpose (a broken patch rolled back) would only break their tables.
     */
    void quietUnlessVerbose() {
        if (!verbose) {
            ((Logger) LoggerFactory.getLogger("dev.patchbay")).setLevel(Level.ERROR);
        }
    }

    /** The plugins folder this command uses; an error that says what to do if there is none. */
    Path plugins() {
        Path dir = PluginsFolder.resolve(pluginsDir);
        if (!Files.isDirectory(dir)) {
            throw new ModuleException("plugins folder " + dir + " does not exist; build first (./mvnw package),"
                    + " or pass --plugins-dir DIR or set PATCHBAY_PLUGINS");
        }
        return dir;
    }

    /** The open timeout: {@code --timeout 0} means no limit. */
    Duration openTimeout() {
        return timeout.isZero() ? FOREVER : timeout;
    }

    /** The migration step timeout, checked: a zero step would roll back every migration. */
    Duration stepTimeout() {
        if (stepTimeout.isZero() || stepTimeout.isNegative()) {
            throw new ParameterException(mixee.commandLine(), "--step-timeout " + DurationConverter.format(stepTimeout)
                    + ": a migration step needs time; give a positive duration such as 5s or 30s");
        }
        return stepTimeout;
    }

    /** "for up to 30 s" or "with no time limit", for waiting messages. */
    String describeTimeout() {
        return timeout.isZero() ? "with no time limit" : "for up to " + DurationConverter.format(timeout);
    }

    /** The pins file, checked: a missing one would silently allow nothing, or everything. */
    private Path pinsFile() {
        if (!Files.isRegularFile(pins) || !Files.isReadable(pins)) {
            throw new ParameterException(mixee.commandLine(), "--pins " + pins + ": no such readable file; give a"
                    + " file of allowed SHA-256 sums in sha256sum format (sha256sum plugins/*.jar > pins.txt)");
        }
        return pins;
    }

    /** The host configuration these options describe, on {@code plugins}. */
    HostConfig config(Path plugins) {
        HostConfig config = HostConfig.of(plugins)
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(openTimeout()))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(healthWindow)
                        .withStepTimeout(stepTimeout()));
        if (trustAll && pins != null) {
            throw new ParameterException(mixee.commandLine(), "--trust-all and --pins contradict each other: give"
                    + " one of them");
        }
        if (trustAll) {
            LoggerFactory.getLogger("dev.patchbay.audit").warn("module verification is off (--trust-all): any module"
                    + " file in {} is loaded unchecked", plugins);
            return config.withTrust(ModuleTrust.anyModule());
        }
        return pins == null ? config : config.withPins(pinsFile());
    }

    /**
     * Starts a long-running host on the plugins folder: it answers on the control socket and, unless
     * {@code --no-watch}, deploys patches dropped into the folder.
     */
    Patchbay startHost() {
        return Patchbay.start(config(plugins()).withWatch(!noWatch).withControl(true));
    }
}
