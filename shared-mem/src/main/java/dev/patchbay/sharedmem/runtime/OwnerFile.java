package dev.patchbay.sharedmem.runtime;

import dev.patchbay.sharedmem.SharedMemException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * A small text file that says which process owns a runtime resource that has no header of its own (a fifo pair):
 * {@code pid}, {@code start} (see {@link ProcessIdentity}) and {@code created}. Written 0600 and exclusively, so it
 * doubles as the claim on the name. The janitor reads it to tell leftovers of dead processes from live resources.
 */
public final class OwnerFile {
    /** The suffix of owner files, e.g. {@code orders.owner}. */
    public static final String SUFFIX = ".owner";

    private OwnerFile() {
    }

    /** What an owner file says. */
    public record Owner(ProcessIdentity process, Instant created) {
    }

    /**
     * Claims {@code path} for this process.
     *
     * @return false if the file already exists (someone else claims the name)
     */
    public static boolean claim(Path path) {
        ProcessIdentity me = ProcessIdentity.current();
        String text = "pid=" + me.pid() + "\nstart=" + me.startTime() + "\ncreated=" + Instant.now() + "\n";
        try {
            Files.writeString(path, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new SharedMemException("cannot write owner file " + path + ": " + e, e);
        }
    }

    /** Reads an owner file; empty if it is missing or unreadable (a half-written file counts as missing). */
    public static Optional<Owner> read(Path path) {
        Properties p = new Properties();
        try (var in = Files.newInputStream(path)) {
            p.load(in);
            long pid = Long.parseLong(p.getProperty("pid", "-1").trim());
            long start = Long.parseLong(p.getProperty("start", "-1").trim());
            String created = p.getProperty("created", "").trim();
            return Optional.of(new Owner(new ProcessIdentity(pid, start),
                    created.isEmpty() ? Instant.EPOCH : Instant.parse(created)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
