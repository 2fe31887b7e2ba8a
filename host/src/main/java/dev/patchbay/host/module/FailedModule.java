package dev.patchbay.host.module;

import dev.patchbay.api.Transport;

import java.nio.file.Path;
import java.util.List;

/**
 * A file that never became a module (unreadable, not a plugin, refused, quarantined): kept so that listings show
 * why.
 */
final class FailedModule extends BackendModule {
    private final String kind;

    FailedModule(long generation, Path file, String sha256, String kind, String cause) {
        this(generation, file, sha256, kind);
        fail(cause);
    }

    private FailedModule(long generation, Path file, String sha256, String kind) {
        super(generation, file, sha256, file.getFileName().toString(), "?", "?");
        this.kind = kind;
    }

    /** A file left unloaded because its content is quarantined: listed QUARANTINED with the entry's cause. */
    static FailedModule quarantined(long generation, Path file, String sha256, String kind, QuarantineEntry entry) {
        FailedModule module = new FailedModule(generation, file, sha256, kind);
        module.holdBack(entry.cause());
        return module;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    protected List<Transport> open(Path copy) {
        return List.of();
    }

    @Override
    protected void release() {
        // Nothing was loaded.
    }
}
