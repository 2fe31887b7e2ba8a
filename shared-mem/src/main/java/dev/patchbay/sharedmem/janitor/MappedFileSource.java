package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.segment.SegmentFolders;
import dev.patchbay.sharedmem.segment.SegmentKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Mapped-file segments: the regular files directly in the runtime {@code mmap} folder and the data folder. */
final class MappedFileSource implements Source {
    /** An mmap link's files under a one-off name: {@code c3-4711-2.ctl}, {@code c3-4711-2.a2b.00000001.log}. */
    private static final Pattern ONE_OFF =
            Pattern.compile("c[0-9]+-([0-9]{1,10})-[0-9]+\\.(ctl|(a2b|b2a)\\.[0-9]+\\.log)");

    @Override
    public List<Resource> scan() {
        List<Resource> out = new ArrayList<>();
        for (Path folder : SegmentFolders.all()) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                        .filter(f -> Names.isValid(f.getFileName().toString()))
                        .forEach(f -> out.add(oneOffOrNot(Source.fileSegment(ResourceKind.MAPPED_FILE,
                                SegmentKind.MAPPED_FILE, f.getFileName().toString(), f))));
            } catch (IOException e) {
                // An unreadable folder holds nothing we can manage.
            }
        }
        return out;
    }

    /**
     * A persistent file of a link a host opened for a migration ({@code <channel>-<pid>-<n>}, the name the host
     * gives such a link) is one-off: alive only while its own owner or that host runs.
     */
    private static Resource oneOffOrNot(Resource r) {
        Matcher m = ONE_OFF.matcher(r.name());
        if (!r.ours() || !r.persistent() || !m.matches()) {
            return r;
        }
        boolean hostAlive = ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false);
        return new Resource(r.kind(), r.name(), r.size(), r.owner(), r.ownerAlive() || hostAlive, true, true,
                r.location(), r.shmid(), r.created(), false, true);
    }

    @Override
    public void delete(Resource resource) throws IOException {
        Files.deleteIfExists(Path.of(resource.location()));
    }
}
