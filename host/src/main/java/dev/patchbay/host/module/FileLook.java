package dev.patchbay.host.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A file's size and modification time at one look: two equal looks a settle window apart, or a modification time
 * older than the window, mean nobody is writing the file. A module file is loaded only then, since a library
 * loaded half-written is cut off, and one written in place while mapped kills the process (SIGBUS).
 */
public record FileLook(long size, FileTime modified) {
    /**
     * How long a module file must have stayed unchanged before it is loaded. Longer than the pauses of an ordinary
     * copy; a writer slower than that is caught by the checks of the file itself (a truncated library is refused).
     */
    public static final Duration SETTLE = Duration.ofSeconds(1);

    /** The file's size and modification time now; empty if it cannot be read (gone, say). */
    public static Optional<FileLook> of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new FileLook(a.size(), a.lastModifiedTime()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** How long from {@code now} until the file has gone unmodified for {@link #SETTLE}; zero or less once it has. */
    public Duration untilQuiet(Instant now) {
        return Duration.between(now, modified.toInstant().plus(SETTLE));
    }
}
