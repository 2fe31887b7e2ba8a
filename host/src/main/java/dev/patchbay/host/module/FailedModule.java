package dev.patchbay.host.module;

import dev.patchbay.api.Transport;

import java.nio.file.Path;
import java.util.List;

/** A file that never became a module (unreadable, not a plugin, refused): kept so that listings show why. */
final class FailedModule extends BackendModule {
    private final String kind;

    FailedModule(long generation, Path file, String sha256, String kind, String cause) {
        super(generation, file, sha256, file.getFileName().toString(), "?", "?");
        this.kind = kind;
        fail(cause);
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
