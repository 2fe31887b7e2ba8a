package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.runtime.OwnerFile;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the aeron backend keeps in {@code <runtime>/aeron}: embedded media driver folders,
 * {@code driver-<pid>-<start>-<random>}, whose owner is in the name; and the meeting files of a named address,
 * {@code <name>.ports} with the owner files of its listener, {@code <name>.owner}, and connector,
 * {@code <name>.connector}.
 */
final class AeronSource implements Source {
    private static final String DRIVER_PREFIX = "driver-";
    private static final String PORTS_SUFFIX = ".ports";

    @Override
    public List<Resource> scan() {
        Path folder = RuntimeDirectory.sub("aeron");
        List<Resource> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(DRIVER_PREFIX) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    driverFolder(name, p).ifPresent(out::add);
                } else if (name.endsWith(PORTS_SUFFIX)) {
                    String base = name.substring(0, name.length() - PORTS_SUFFIX.length());
                    var owner = OwnerFile.read(folder.resolve(base + OwnerFile.SUFFIX));
                    ProcessIdentity process = owner.map(OwnerFile.Owner::process).orElse(null);
                    out.add(new Resource(ResourceKind.AERON, base, Source.sizeOf(p), process,
                            process != null && process.isAlive(), true, false, p.toString(), -1,
                            owner.map(OwnerFile.Owner::created).orElse(null)));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    private static Optional<Resource> driverFolder(String name, Path dir) {
        String[] parts = name.substring(DRIVER_PREFIX.length()).split("-");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            ProcessIdentity owner = new ProcessIdentity(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            return Optional.of(new Resource(ResourceKind.AERON, name, 0, owner, owner.isAlive(), true,
                    false, dir.toString(), -1, Source.modified(dir)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Removes a driver folder with what is in it (links removed, never followed), or a meeting file pair. */
    @Override
    public void delete(Resource resource) throws IOException {
        Path where = Path.of(resource.location());
        if (where.getFileName().toString().endsWith(PORTS_SUFFIX)) {
            Files.deleteIfExists(where);
            Files.deleteIfExists(where.resolveSibling(resource.name() + ".connector"));
            Files.deleteIfExists(where.resolveSibling(resource.name() + OwnerFile.SUFFIX));
            return;
        }
        try (Stream<Path> all = Files.walk(where)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
