package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.runtime.RuntimeDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Hosts' control sockets, {@code <runtime>/control/<pid>.sock}: named after the host's pid, which is all that tells
 * whose a socket is, so a socket counts as alive while a process with that pid runs.
 */
final class ControlSocketSource implements Source {
    private static final String SUFFIX = ".sock";

    @Override
    public List<Resource> scan() {
        List<Resource> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(RuntimeDirectory.sub("control"))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                long pid = ProcessOfName.pid(name, "", SUFFIX);
                if (pid > 0) {
                    out.add(ProcessOfName.resource(ResourceKind.CONTROL_SOCKET, name, 0, pid, file));
                }
            }
        } catch (IOException e) {
            // No control folder: no sockets.
        }
        return out;
    }

    @Override
    public void delete(Resource resource) throws IOException {
        Files.deleteIfExists(Path.of(resource.location()));
    }
}
