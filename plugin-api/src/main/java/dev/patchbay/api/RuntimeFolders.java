package dev.patchbay.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a backend keeps its files: fifos, sockets, lock and owner files, anything that lives only while its links do.
 * Part of the contract, so that every plugin puts them in the same private place and none has to find its own.
 *
 * <p>The root is per user, chosen in this order: the {@value #PROPERTY} system property, the {@value #ENVIRONMENT}
 * environment variable, {@code $XDG_RUNTIME_DIR/patchbay} (when that folder exists), and
 * {@code <java.io.tmpdir>/patchbay-<uid>}. A plugin keeps its files in {@link #folder(String) its own folder}
 * {@code <root>/<id>}, named after its plugin id or scheme.
 *
 * <p>Every folder handed out is a real folder (not a symbolic link), owned by this user, with mode 0700: one that
 * belongs to someone else, or is a link, is refused with {@link ErrorCode#FOREIGN_OBJECT} (whoever made it could
 * read what we write there, or plant files for us to open); one that is ours but open to others is narrowed back to
 * 0700. The files in it are the plugin's to remove when its links close; the host's janitor
 * ({@code patchbay segments gc}) knows only the built-in backends' files.
 *
 * <p>A Unix-domain socket path is limited by {@code sun_path}: 108 bytes with the terminating NUL.
 * {@link #socketPath(Path, Address)} refuses a longer one as a bad address instead of letting {@code bind(2)} cut
 * it or fail later.
 */
public final class RuntimeFolders {
    /** The system property that names the root, first in the order of choice. */
    public static final String PROPERTY = "patchbay.runtime.dir";
    /** The environment variable that names the root when the system property is not set. */
    public static final String ENVIRONMENT = "PATCHBAY_RUNTIME_DIR";
    /** The longest Unix-domain socket path in bytes: {@code sun_path} holds 108 with its terminating NUL. */
    public static final int MAX_SOCKET_PATH_BYTES = 107;

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeFolders.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Pattern FOLDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final String MOVE_IT = "remove it, or set " + ENVIRONMENT + " (or -D" + PROPERTY
            + ") to a folder of your own";

    /** The file-type bits of {@code st_mode}, and the type of a folder. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;

    private static volatile Integer uid;

    private RuntimeFolders() {
    }

    /**
     * The root runtime folder of this user, created if needed.
     *
     * @throws PatchbayException {@link ErrorCode#FOREIGN_OBJECT} if it is a link or another user's,
     *                           {@link ErrorCode#IO_FAILURE} if it cannot be created or checked
     */
    public static Path root() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENVIRONMENT);
        }
        Path root;
        if (configured != null && !configured.isBlank()) {
            root = Path.of(configured);
        } else {
            String xdg = System.getenv("XDG_RUNTIME_DIR");
            root = xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg))
                    ? Path.of(xdg, "patchbay")
                    : Path.of(System.getProperty("java.io.tmpdir"), "patchbay-" + currentUid());
        }
        return ensurePrivate(root.toAbsolutePath().normalize());
    }

    /**
     * A plugin's own folder, {@code <root>/<id>}, created 0700 if needed. Use the plugin id or the scheme.
     *
     * @param id letters, digits, {@code . _ + -}, at most 64, starting with a letter or digit, no {@code ..}
     * @throws IllegalArgumentException if {@code id} is not such a name (it could leave the root)
     * @throws PatchbayException        as {@link #root()}, for the root or this folder
     */
    public static Path folder(String id) {
        if (id == null || !FOLDER_ID.matcher(id).matches() || id.contains("..")) {
            throw new IllegalArgumentException("runtime folder id '" + id + "' is not a plain name: use the plugin"
                    + " id or scheme (letters, digits, '.', '_', '+', '-', at most 64, no '/' or '..')");
        }
        return ensurePrivate(root().resolve(id));
    }

    /**
     * Creates {@code dir} (and missing parents) with mode 0700, or checks an existing one: it must be a real folder,
     * not a symbolic link, owned by this user; if it is open to others it is narrowed back to 0700.
     *
     * @return {@code dir}
     * @throws PatchbayException {@link ErrorCode#FOREIGN_OBJECT} if it is a link, not a folder, or another user's;
     *                           {@link ErrorCode#IO_FAILURE} if it cannot be created or checked
     */
    public static Path ensurePrivate(Path dir) {
        try {
            // One lstat for the three checks: a fifo or socket open asks for its folder each time, and during a patch
            // of a thousand channels four separate lstats per folder were a tenth of the opening threads' CPU.
            Map<String, Object> attributes = stat(dir);
            if (attributes == null) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                attributes = stat(dir);
                if (attributes == null) {
                    throw new NoSuchFileException(dir.toString(), null, "gone right after it was created");
                }
            }
            int mode = (Integer) attributes.get("mode");
            if ((mode & S_IFMT) != S_IFDIR) {
                throw new PatchbayException(ErrorCode.FOREIGN_OBJECT, "runtime folder " + dir
                        + " is a symbolic link or not a folder, so it is not used: " + MOVE_IT);
            }
            int owner = (Integer) attributes.get("uid");
            int me = currentUid();
            if (owner != me) {
                throw new PatchbayException(ErrorCode.FOREIGN_OBJECT, "runtime folder " + dir + " belongs to uid "
                        + owner + ", not to you (uid " + me + "), so it is not used: " + MOVE_IT);
            }
            if ((mode & 0777) != 0700) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
                LOG.warn("runtime folder {} had mode {}; setting it to rwx------", dir,
                        PosixFilePermissions.toString(perms));
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            }
            return dir;
        } catch (IOException | UnsupportedOperationException e) {
            throw new TransportIoException("cannot prepare runtime folder " + dir + ": " + e, e);
        }
    }

    /** The {@code unix:mode} and {@code unix:uid} of {@code path} itself (a link is not followed); null if none. */
    private static Map<String, Object> stat(Path path) throws IOException {
        try {
            return Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The Unix-domain socket {@code <name>.sock} of an address inside {@code folder} (as
     * {@link Address#pathUnder(Path)} places it), refused if its path is longer than {@code sun_path} holds.
     *
     * @throws AddressException if the address points outside {@code folder}, or the path is longer than
     *                          {@value #MAX_SOCKET_PATH_BYTES} bytes; the message says the length and what to do
     */
    public static Path socketPath(Path folder, Address address) {
        Path base = address.pathUnder(folder);
        Path socket = base.resolveSibling(base.getFileName() + ".sock");
        int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_SOCKET_PATH_BYTES) {
            throw new AddressException("address '" + address + "' makes the socket path " + socket + " " + length
                    + " bytes long; a Unix-domain socket path holds at most " + MAX_SOCKET_PATH_BYTES
                    + " bytes (sun_path): use a shorter name, or a shorter runtime folder through " + ENVIRONMENT
                    + " or -D" + PROPERTY);
        }
        return socket;
    }

    /**
     * The uid this process creates files as, read once from the owner of a file it creates. That is exactly the id
     * the owner check must compare with, and needs no native code: {@code com.sun.security.auth.module.UnixSystem}
     * would call into JNI from a module (jdk.security.auth) that a jlink'd runtime may leave out, and it reports the
     * real uid where file ownership follows the effective one.
     */
    static int currentUid() {
        Integer known = uid;
        if (known == null) {
            known = probeUid();
            uid = known;
        }
        return known;
    }

    private static int probeUid() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path probe = null;
        try {
            probe = Files.createTempFile(tmp, ".patchbay-uid-", ".probe");
            return (Integer) Files.getAttribute(probe, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            throw new TransportIoException("cannot tell which user this process runs as: creating a file in "
                    + tmp + " (java.io.tmpdir) failed: " + e + "; make it writable or set -Djava.io.tmpdir", e);
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException e) {
                    LOG.debug("cannot remove {}: {}", probe, e.toString());
                }
            }
        }
    }
}
