package dev.patchbay.sharedmem.runtime;

import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.posix.Unistd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The per-user folder where Patchbay creates fifos, sockets and its other runtime files, with mode 0700 and owned by
 * the current user.
 *
 * <p>Chosen in this order: the {@code patchbay.runtime.dir} system property, the {@code PATCHBAY_RUNTIME_DIR}
 * environment variable, {@code $XDG_RUNTIME_DIR/patchbay}, and {@code /tmp/patchbay-<uid>}. A folder that exists but
 * belongs to another user is refused (someone could be waiting to read our fifos); one that is ours but open to
 * others is narrowed back to 0700.
 */
public final class RuntimeDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private RuntimeDirectory() {
    }

    /** The root runtime folder, created if needed. */
    public static Path root() {
        Path root = configured("patchbay.runtime.dir", "PATCHBAY_RUNTIME_DIR").orElseGet(() -> {
            String xdg = System.getenv("XDG_RUNTIME_DIR");
            return xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg))
                    ? Path.of(xdg, "patchbay")
                    : Path.of(System.getProperty("java.io.tmpdir"), "patchbay-" + Unistd.geteuid());
        });
        return ensurePrivate(root.toAbsolutePath().normalize());
    }

    /** The folder a system property names, else the one an environment variable names, if either is set. */
    public static Optional<Path> configured(String property, String environmentVariable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentVariable);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** A sub-folder of the root (e.g. {@code "fifo"}), created 0700 if needed. */
    public static Path sub(String name) {
        return ensurePrivate(root().resolve(name));
    }

    /**
     * Creates {@code dir} (and missing parents) with mode 0700, or checks an existing one: it must be a real folder
     * (not a symbolic link) owned by this user.
     */
    public static Path ensurePrivate(Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new SharedMemException("runtime folder " + dir + " is not a folder (or is a symbolic link);"
                        + " remove it or set PATCHBAY_RUNTIME_DIR to another place");
            }
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int me = Unistd.geteuid();
            if (owner != me) {
                throw new SharedMemException("runtime folder " + dir + " belongs to uid " + owner + ", not to you (uid "
                        + me + "); remove it or set PATCHBAY_RUNTIME_DIR to a folder of your own");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (!OWNER_ONLY.containsAll(perms) || !perms.containsAll(EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE))) {
                LOG.warn("runtime folder {} had mode {}; setting it to rwx------", dir,
                        PosixFilePermissions.toString(perms));
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            }
            return dir;
        } catch (IOException e) {
            throw new SharedMemException("cannot prepare runtime folder " + dir + ": " + e, e);
        }
    }
}
