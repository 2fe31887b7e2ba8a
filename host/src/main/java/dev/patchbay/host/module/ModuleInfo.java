package dev.patchbay.host.module;

import java.nio.file.Path;
import java.util.List;

/**
 * One line of the module listing.
 *
 * @param generation a number that grows with every load, so that two loads of one plugin can be told apart
 * @param id         the plugin id, or the file name when the descriptor is unreadable
 * @param version    the plugin version, or "?"
 * @param kind       "jar" (PF4J plugin) or "native" (shared library)
 * @param schemes    the URI schemes its transports answer for
 * @param apiVersion the plugin API version it was built against, or "?"
 * @param sha256     the SHA-256 of the file, hex
 * @param state      where it is in its life
 * @param cause      why it failed or why a transport is unavailable; empty otherwise
 * @param file       the file in the plugins folder it came from
 */
public record ModuleInfo(long generation, String id, String version, String kind, List<String> schemes,
                         String apiVersion, String sha256, ModuleState state, String cause, Path file) {

    /** {@code id@version}, the way modules are named in messages. */
    public String label() {
        return id + "@" + version;
    }
}
