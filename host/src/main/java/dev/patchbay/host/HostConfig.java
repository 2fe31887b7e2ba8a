package dev.patchbay.host;

import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.channel.MigrationOptions;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a host runs.
 *
 * @param pluginsDir       the folder of plugin jars
 * @param linkOptions      options for every link it opens
 * @param migrationOptions step timeout, health window and resend budget of migrations
 * @param watchPlugins     deploy jars dropped into the plugins folder while running (hot patching)
 * @param control          accept commands on the control socket
 * @param pins             a file of allowed SHA-256 sums ({@code sha256sum} format); empty: any jar is allowed
 */
public record HostConfig(Path pluginsDir, LinkOptions linkOptions, MigrationOptions migrationOptions,
                         boolean watchPlugins, boolean control, Optional<Path> pins) {

    /** Defaults for a plugins folder: no watcher, no control socket. */
    public static HostConfig of(Path pluginsDir) {
        return new HostConfig(pluginsDir, LinkOptions.DEFAULTS, MigrationOptions.DEFAULTS, false, false,
                Optional.empty());
    }

    public HostConfig withLinkOptions(LinkOptions options) {
        return new HostConfig(pluginsDir, options, migrationOptions, watchPlugins, control, pins);
    }

    public HostConfig withMigrationOptions(MigrationOptions options) {
        return new HostConfig(pluginsDir, linkOptions, options, watchPlugins, control, pins);
    }

    public HostConfig withWatch(boolean watch) {
        return new HostConfig(pluginsDir, linkOptions, migrationOptions, watch, control, pins);
    }

    public HostConfig withControl(boolean on) {
        return new HostConfig(pluginsDir, linkOptions, migrationOptions, watchPlugins, on, pins);
    }

    public HostConfig withPins(Path file) {
        return new HostConfig(pluginsDir, linkOptions, migrationOptions, watchPlugins, control, Optional.of(file));
    }
}
