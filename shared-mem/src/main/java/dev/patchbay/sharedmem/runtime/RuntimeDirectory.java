package dev.patchbay.sharedmem.runtime;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.RuntimeFolders;
import dev.patchbay.sharedmem.NotOwnedException;
import dev.patchbay.sharedmem.SharedMemException;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The per-user runtime folder as shared-mem's own code and the host see it: {@link RuntimeFolders} (the plugin API)
 * makes every choice and check, and this class only reports its refusals as shared-mem does, a
 * {@link NotOwnedException} for a folder that is not ours and a {@link SharedMemException} for the rest, so that the
 * callers that catch those keep working.
 */
public final class RuntimeDirectory {
    private RuntimeDirectory() {
    }

    /** The root runtime folder, created if needed (see {@link RuntimeFolders#root()}). */
    public static Path root() {
        return translated(RuntimeFolders::root);
    }

    /** The folder a system property names, else the one an environment variable names, if either is set. */
    public static Optional<Path> configured(String property, String environmentVariable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentVariable);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** A sub-folder of the root (e.g. {@code "fifo"}), created 0700 if needed (see {@link RuntimeFolders#folder}). */
    public static Path sub(String name) {
        return translated(() -> RuntimeFolders.folder(name));
    }

    /**
     * Creates {@code dir} (and missing parents) with mode 0700, or checks an existing one: it must be a real folder
     * (not a symbolic link) owned by this user (see {@link RuntimeFolders#ensurePrivate(Path)}).
     */
    public static Path ensurePrivate(Path dir) {
        return translated(() -> RuntimeFolders.ensurePrivate(dir));
    }

    private static Path translated(Supplier<Path> folder) {
        try {
            return folder.get();
        } catch (PatchbayException e) {
            if (e.code() == ErrorCode.FOREIGN_OBJECT) {
                NotOwnedException notOurs = new NotOwnedException(e.getMessage());
                notOurs.initCause(e);
                throw notOurs;
            }
            throw new SharedMemException(e.getMessage(), e);
        }
    }
}
