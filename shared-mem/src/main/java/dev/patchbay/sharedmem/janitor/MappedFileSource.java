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
import java.util.stream.Stream;

/** Mapped-file segments: the regular files directly in the runtime {@code mmap} folder and the data folder. */
final class MappedFileSource implements Source {

    @Override
    public List<Resource> scan() {
        List<Resource> out = new ArrayList<>();
        for (Path folder : SegmentFolders.all()) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                        .filter(f -> Names.isValid(f.getFileName().toString()))
                        .forEach(f -> out.add(Source.segment(ResourceKind.MAPPED_FILE, SegmentKind.MAPPED_FILE,
                                f.getFileName().toString(), Source.sizeOf(f), Source.readHeader(f), f.toString(),
                                -1)));
            } catch (IOException e) {
                // An unreadable folder holds nothing we can manage.
            }
        }
        return out;
    }

    @Override
    public void delete(Resource resource) throws IOException {
        Files.deleteIfExists(Path.of(resource.location()));
    }
}
