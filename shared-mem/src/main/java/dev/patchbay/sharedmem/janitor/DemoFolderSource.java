package dev.patchbay.sharedmem.janitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The private copies of a plugins folder that a demo or soak run makes in the temporary folder,
 * {@code patchbay-demo-<pid>-<random>}: the pid in the name is the run's, which tells whether it still needs them.
 * The temporary folder is shared by every user, so only folders of this user count.
 */
final class DemoFolderSource implements Source {
    /** What a demo folder's name starts with; the run's pid and a dash follow. */
    static final String PREFIX = "patchbay-demo-";

    @Override
    public List<Resource> scan() {
        List<Resource> out = new ArrayList<>();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> files = Files.list(tmp)) {
            UserPrincipal me = tmp.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            for (Path dir : files.toList()) {
                String name = dir.getFileName().toString();
                int dash = name.indexOf('-', PREFIX.length());
                long pid = dash < 0 ? -1 : ProcessOfName.pid(name.substring(0, dash), PREFIX, "");
                if (pid > 0 && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                        && me.equals(Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS))) {
                    out.add(ProcessOfName.resource(ResourceKind.DEMO_FOLDER, name, sizeOf(dir), pid, dir));
                }
            }
        } catch (IOException e) {
            // An unreadable temporary folder holds nothing we can manage.
        }
        return out;
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(Source::sizeOf).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Removes the folder and what is in it; links inside are removed, never followed. */
    @Override
    public void delete(Resource resource) throws IOException {
        try (Stream<Path> all = Files.walk(Path.of(resource.location()))) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
