package dev.patchbay.host.module;

import dev.patchbay.sharedmem.posix.Unistd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which module files a host may load: those whose SHA-256 one of its trust lists names. Checked on every load,
 * whoever asked for it (the start-up scan, the patch watcher, a swap, a peer's PREPARE), on the private copy that is
 * then loaded, so a file cannot change between the check and the load.
 *
 * <p>The standard trust is the distribution's built-in list (every module file its build made) plus the user's own
 * list, which {@code patchbay plugins trust FILE} adds to. A pin list ({@code --pins}) replaces both. Lists are in
 * {@code sha256sum} format ({@code <hex>  <name>}, {@code #} comments) and are read again for every load, so a
 * deployment can trust a file first and drop it second. A list that another user can write is no proof of
 * anything, so such a list is refused as a whole.
 */
public final class ModuleTrust {
    /** The built-in list's name, in the distribution's root folder. */
    public static final String BUILT_IN_FILE = "trusted-modules.sha256";

    private static final ModuleTrust ANY = new ModuleTrust(List.of(), false, false);

    private final List<Path> lists;
    private final boolean verifies;
    private final boolean pinned;

    private ModuleTrust(List<Path> lists, boolean verifies, boolean pinned) {
        this.lists = List.copyOf(lists);
        this.verifies = verifies;
        this.pinned = pinned;
    }

    /** No verification at all: every module file is loaded (development only; the CLI warns). */
    public static ModuleTrust anyModule() {
        return ANY;
    }

    /** Only what {@code pinFile} names: the built-in and user lists do not apply. */
    public static ModuleTrust pinned(Path pinFile) {
        return new ModuleTrust(List.of(pinFile), true, true);
    }

    /** What any of {@code files} names; files that do not exist name nothing. */
    public static ModuleTrust lists(List<Path> files) {
        return new ModuleTrust(files, true, false);
    }

    /** The distribution's built-in list and the user's own list ({@link TrustFiles}). */
    public static ModuleTrust standard() {
        return lists(List.of(TrustFiles.builtIn(), TrustFiles.user()));
    }

    /** This trust, with one more list (a run's own variants of built-in jars, say). */
    public ModuleTrust and(Path list) {
        if (!verifies) {
            return this;
        }
        List<Path> more = new ArrayList<>(lists);
        more.add(list);
        return new ModuleTrust(more, true, pinned);
    }

    /** False when every module is loaded unchecked. */
    public boolean verifies() {
        return verifies;
    }

    /** The lists consulted, in order. */
    public List<Path> lists() {
        return lists;
    }

    /**
     * Why the file {@code module}, whose SHA-256 is {@code sha256}, may not be loaded; empty if it may.
     *
     * @throws ModuleException if a list exists but cannot be read or is open to other users
     */
    public Optional<String> refusal(Path module, String sha256) {
        if (!verifies) {
            return Optional.empty();
        }
        String sum = sha256.toLowerCase(Locale.ROOT);
        for (Path list : lists) {
            if (read(list).contains(sum)) {
                return Optional.empty();
            }
        }
        String name = module.getFileName().toString();
        if (pinned) {
            return Optional.of("SHA-256 " + sha256 + " of " + name + " is not in the pin list " + lists.get(0)
                    + "; to allow it, add its line (sha256sum " + name + ") to that file");
        }
        return Optional.of("not trusted: SHA-256 " + sha256 + " of " + name + " is in none of the trust lists ("
                + describeLists() + "); if you trust this file, run: patchbay plugins trust " + module);
    }

    /**
     * Something that changes whenever a list is written: the patch watcher looks again at refused files then.
     */
    public long stamp() {
        long stamp = 17;
        for (Path list : lists) {
            try {
                stamp = stamp * 31 + Files.getLastModifiedTime(list).toMillis() * 7 + Files.size(list);
            } catch (IOException e) {
                stamp = stamp * 31;
            }
        }
        return stamp;
    }

    private String describeLists() {
        List<String> names = new ArrayList<>();
        for (Path list : lists) {
            names.add(list + (Files.exists(list) ? "" : " (absent)"));
        }
        return String.join(", ", names);
    }

    /** The sums a list names; none if it does not exist. */
    static Set<String> read(Path list) {
        Set<String> sums = new HashSet<>();
        List<String> lines;
        try {
            requireNotWritableByOthers(list);
            lines = Files.readAllLines(list);
        } catch (NoSuchFileException e) {
            return sums;
        } catch (IOException e) {
            throw new ModuleException("cannot read trust list " + list + ": " + e.getMessage());
        }
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String sum = trimmed.split("\\s+")[0].toLowerCase(Locale.ROOT);
            if (sum.matches("[0-9a-f]{64}")) {
                sums.add(sum);
            }
        }
        return sums;
    }

    private static void requireNotWritableByOthers(Path list) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(list);
        int owner = (Integer) Files.getAttribute(list, "unix:uid");
        int me = Unistd.geteuid();
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)
                || (owner != me && owner != 0)) {
            throw new ModuleException("trust list " + list + " can be written by users other than you (owner uid "
                    + owner + ", mode " + PosixFilePermissions.toString(mode) + "), so it proves nothing: make it"
                    + " yours and not group- or world-writable (chmod 644 " + list + ")");
        }
    }

}
