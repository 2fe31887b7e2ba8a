package dev.patchbay.host.natives;

import dev.patchbay.host.module.DistributionFolder;
import dev.patchbay.host.module.ModuleException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The host's end of the rings of isolated modules: {@code bin/pbisolate-ring.so}, nshm built as part of the
 * distribution (not a module: trusted, never patched), loaded once per process from a private copy, since a
 * rebuild overwriting a loaded library in place would crash the host.
 */
final class RingLibrary {
    private static final String FILE = "pbisolate-ring.so";
    private static NativeTransport transport;

    private RingLibrary() {
    }

    static synchronized NativeTransport transport() {
        if (transport == null) {
            Path file = DistributionFolder.root().resolve("bin").resolve(FILE);
            if (!Files.isRegularFile(file)) {
                throw new ModuleException("cannot isolate native modules: " + file + " is missing (build with"
                        + " ./mvnw package; it needs gcc)");
            }
            try {
                Path copy = Files.createTempFile("patchbay-" + ProcessHandle.current().pid() + "-", "-" + FILE,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                // Mapped, the library lives on after the name is gone; nothing is left behind if the host dies.
                LoadedLibrary loaded = LoadedLibrary.open(copy, FILE, NativeModule.ABI_VERSION);
                Files.delete(copy);
                transport = new NativeTransport(loaded, null, null);
            } catch (IOException e) {
                throw new ModuleException("cannot load " + file + " for isolated native modules: " + e.getMessage());
            }
        }
        return transport;
    }
}
