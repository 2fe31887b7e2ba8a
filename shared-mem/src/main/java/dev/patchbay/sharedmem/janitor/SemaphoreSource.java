package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.runtime.OwnerFile;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.sync.NamedSemaphore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Named semaphores: {@code /dev/shm/sem.patchbay-*}. A semaphore has no header; it is ours when our owner file
 * ({@code <runtime>/sem/<name>.owner}) names its creator.
 */
final class SemaphoreSource implements Source {
    private static final String PREFIX = "sem." + Names.PREFIX;

    @Override
    public List<Resource> scan() {
        List<Resource> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(PosixSource.DEV_SHM)) {
            files.forEach(file -> {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(Math.min(fileName.length(), PREFIX.length()));
                if (fileName.startsWith(PREFIX) && Names.isValid(name)) {
                    var owner = OwnerFile.read(NamedSemaphore.ownerFile(name));
                    ProcessIdentity process = owner.map(OwnerFile.Owner::process).orElse(null);
                    out.add(new Resource(ResourceKind.SEMAPHORE, name, Source.sizeOf(file), process,
                            process != null && process.isAlive(), owner.isPresent(), false, file.toString(), -1,
                            owner.map(OwnerFile.Owner::created).orElse(null)));
                }
            });
        } catch (IOException e) {
            // No /dev/shm: nothing of this kind here.
        }
        return out;
    }

    @Override
    public void delete(Resource resource) {
        NamedSemaphore.remove(resource.name());
    }
}
