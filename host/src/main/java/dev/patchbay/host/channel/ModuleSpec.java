package dev.patchbay.host.channel;

import dev.patchbay.host.module.BackendModule;

/**
 * Which module generation a migration wants, named so precisely that the peer loads the very same code or refuses:
 * plugin id, version and the SHA-256 of its file.
 */
public record ModuleSpec(String id, String version, String sha256) {

    /** The spec of a loaded generation. */
    public static ModuleSpec of(BackendModule module) {
        return new ModuleSpec(module.id(), module.version(), module.sha256());
    }

    @Override
    public String toString() {
        return id + "@" + version + " (sha256 " + sha256.substring(0, Math.min(12, sha256.length())) + ")";
    }
}
