package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.runtime.OwnerFile;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Fifo pairs of the fifo backend: {@code <runtime>/fifo/<name>.c2s}, {@code .s2c} and the owner file
 * {@code .owner}. A pair whose owner file is gone is a leftover of an owner that is gone too: the owner file is
 * written before the fifos and removed after them.
 */
final class FifoSource implements Source {
    private static final List<String> SUFFIXES = List.of(".c2s", ".s2c", OwnerFile.SUFFIX);

    @Override
    public List<Resource> scan() {
        Path folder = RuntimeDirectory.sub("fifo");
        Map<String, Path> bases = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(f -> {
                String fileName = f.getFileName().toString();
                for (String suffix : SUFFIXES) {
                    if (fileName.endsWith(suffix)) {
                        String name = fileName.substring(0, fileName.length() - suffix.length());
                        bases.put(name, folder.resolve(name));
                    }
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        List<Resource> out = new ArrayList<>();
        bases.forEach((name, base) -> {
            var owner = OwnerFile.read(sibling(base, OwnerFile.SUFFIX));
            ProcessIdentity process = owner.map(OwnerFile.Owner::process).orElse(null);
            Instant created = owner.map(OwnerFile.Owner::created).orElse(null);
            out.add(new Resource(ResourceKind.FIFO, name, 0, process, process != null && process.isAlive(), true,
                    false, base.toString(), -1, created));
        });
        return out;
    }

    @Override
    public void delete(Resource resource) throws IOException {
        Path base = Path.of(resource.location());
        for (String suffix : SUFFIXES) {
            Files.deleteIfExists(sibling(base, suffix));
        }
    }

    private static Path sibling(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }
}
