package dev.patchbay.sharedmem.segment;

import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The folders where mapped-file segments may live, and the check that refuses any other place.
 *
 * <ul>
 *   <li>Runtime files: {@code <runtime>/mmap} (see {@link RuntimeDirectory}); they go when their owner closes them.
 *   <li>Persistent files: the data folder, chosen in this order: the {@code patchbay.data.dir} system property, the
 *   {@code PATCHBAY_DATA_DIR} environment variable, {@code $XDG_STATE_HOME/patchbay},
 *   {@code ~/.local/state/patchbay}. Files there outlive their creator and the janitor never collects them.
 * </ul>
 * Both are created 0700 and must belong to the current user.
 */
public final class SegmentFolders {
    private SegmentFolders() {
    }

    /** The folder of runtime mapped files. */
    public static Path runtimeFiles() {
        return RuntimeDirectory.sub("mmap");
    }

    /** The folder of persistent mapped files. */
    public static Path dataFolder() {
        Path dir = RuntimeDirectory.configured("patchbay.data.dir", "PATCHBAY_DATA_DIR").orElseGet(() -> {
            String state = System.getenv("XDG_STATE_HOME");
            return state != null && !state.isBlank() && Path.of(state).isAbsolute()
                    ? Path.of(state, "patchbay")
                    : Path.of(System.getProperty("user.home"), ".local", "state", "patchbay");
        });
        return RuntimeDirectory.ensurePrivate(dir.toAbsolutePath().normalize());
    }

    /** Both folders, runtime first. */
    public static List<Path> all() {
        return List.of(runtimeFiles(), dataFolder());
    }

    /**
     * Checks that {@code file} is a valid name directly inside one of our folders, and resolves symbolic links in
     * the folder part (the file itself is opened with {@code O_NOFOLLOW}).
     *
     * @return the file's path inside the real folder
     * @throws IllegalArgumentException naming the folders allowed
     */
    public static Path check(Path file) {
        for (Path element : file) {
            if (element.toString().equals("..")) {
                throw new IllegalArgumentException("mapped file " + file + " must not contain '..'");
            }
        }
        Path normal = file.toAbsolutePath().normalize();
        Path name = normal.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("mapped file " + file + " has no file name");
        }
        Names.validate(name.toString());
        Path parent = realFolder(normal.getParent());
        for (Path root : all()) {
            if (parent.equals(realFolder(root))) {
                return parent.resolve(name);
            }
        }
        throw new IllegalArgumentException("mapped file " + file + " is outside Patchbay's folders; use "
                + runtimeFiles() + " (runtime) or " + dataFolder() + " (persistent)");
    }

    /** True if {@code file} (as returned by {@link #check}) lies in the data folder. */
    public static boolean isPersistent(Path file) {
        return file.getParent().equals(realFolder(dataFolder()));
    }

    private static Path realFolder(Path dir) {
        try {
            return Files.isDirectory(dir) ? dir.toRealPath() : dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve folder " + dir, e);
        }
    }
}
