package dev.patchbay.host;

import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.module.ModuleTrust;

import java.nio.file.Path;

/**
 * How a host runs.
 *
 * @param pluginsDir       the folder of plugin jars
 * @param linkOptions      options for every link it opens
 * @param migrationOptions step timeout, health window and resend budget of migrations
 * @param watchPlugins     deploy jars dropped into the plugins folder while running (hot patching)
 * @param control          accept commands on the control socket
 * @param trust            which module files may be loaded: by default the distribution's built-in trust list
 *                         and the user's own ({@link ModuleTrust#standard()})
 */
public record HostConfig(Path pluginsDir, LinkOptions linkOptions, MigrationOptions migrationOptions,
                         boolean watchPlugins, boolean control, ModuleTrust trust) {

    /** Defaults for a plugins folder: no watcher, no control socket. */
    public static HostConfig of(Path pluginsDir) {
        return new HostConfig(pluginsDir, LinkOptions.DEFAULTS, MigrationOptions.DEFAULTS, false, false,
                ModuleTrust.standard());
    }

    public HostConfig withLinkOptions(LinkOptions options) {
        return new HostConfig(pluginsDir, options, migrationOptions, watchPlugins, control, trust);
    }

    public HostConfig withMigrationOptions(MigrationOptions options) {
        return new HostConfig(pluginsDir, linkOptions, options, watchPlugins, control, trust);
    }

    public HostConfig withWatch(boolean watch) {
        return new HostConfig(pluginsDir, linkOptions, migrationOptions, watch, control, trust);
    }

    public HostConfig withControl(boolean on) {
        return new HostConfig(pluginsDir, linkOptions, migrationOptions, watchPlugins, on, trust);
    }

    public HostConfig withTrust(ModuleTrust moduleTrust) {
        return new HostConfig(pluginsDir, linkOptions, migrationOptions, watchPlugins, control, moduleTrust);
    }

    /** Loads only the module files whose SHA-256 {@code file} lists; the standard lists no longer apply. */
    public HostConfig withPins(Path file) {
        return withTrust(ModuleTrust.pinned(file));
    }
}
