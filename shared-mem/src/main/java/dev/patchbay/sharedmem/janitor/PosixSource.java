package dev.patchbay.sharedmem.janitor;

import com.sun.jna.LastErrorException;
import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Mman;
import dev.patchbay.sharedmem.segment.SegmentKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** POSIX segments: the files {@code patchbay-*} of {@code /dev/shm}. */
final class PosixSource implements Source {
    static final Path DEV_SHM = Path.of("/dev/shm");

    @Override
    public List<Resource> scan() {
        List<Resource> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEV_SHM)) {
            files.forEach(file -> {
                String fileName = file.getFileName().toString();
                if (fileName.startsWith(Names.PREFIX)) {
                    String name = fileName.substring(Names.PREFIX.length());
                    out.add(Source.fileSegment(ResourceKind.POSIX, SegmentKind.POSIX, name, file));
                }
            });
        } catch (IOException e) {
            // No /dev/shm: nothing of this kind here.
        }
        return out;
    }

    @Override
    public Optional<Resource> rescan(Resource listed) {
        Path file = DEV_SHM.resolve(Names.PREFIX + listed.name());
        if (!file.toString().equals(listed.location()) || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(Source.fileSegment(ResourceKind.POSIX, SegmentKind.POSIX, listed.name(), file));
    }

    @Override
    public void delete(Resource resource) {
        String objectName = "/" + Names.PREFIX + resource.name();
        try {
            Mman.shm_unlink(objectName);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.ENOENT) {
                throw Errno.failure("shm_unlink(" + objectName + ")", e);
            }
        }
    }
}
