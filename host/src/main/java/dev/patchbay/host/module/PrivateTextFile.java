package dev.patchbay.host.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Small text files the host keeps for its user (trust list, quarantine): private, and never seen half-written. */
final class PrivateTextFile {
    private PrivateTextFile() {
    }

    /**
     * Replaces {@code file} with {@code lines}: written to a 0600 temporary file beside it, then renamed over it, so
     * a reader sees the old content or the new, never part of it.
     */
    static void replace(Path file, List<String> lines) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temporary, lines);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
