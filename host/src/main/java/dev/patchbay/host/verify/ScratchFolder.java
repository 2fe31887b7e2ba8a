package dev.patchbay.host.verify;

import dev.patchbay.host.demo.DemoRunner;
import dev.patchbay.host.module.ModuleFiles;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleTrust;
import dev.patchbay.host.module.TrustListFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The plugins folder of a verification (0700, named after this process): the distribution's modules that the
 * user's trust already allows, and a copy of the file under test. That one file is trusted through a list of the
 * run's own, so trust stays on for everything else; the spawned peers get a pin list naming exactly this folder.
 */
final class ScratchFolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchFolder.class);

    private final Path root;
    private final Path plugins;
    private final Path underTest;
    private final ModuleTrust hostTrust;
    private final Path peerPins;

    private ScratchFolder(Path root, Path plugins, Path underTest, ModuleTrust hostTrust, Path peerPins) {
        this.root = root;
        this.plugins = plugins;
        this.underTest = underTest;
        this.hostTrust = hostTrust;
        this.peerPins = peerPins;
    }

    /**
     * Fills a fresh folder. Built-in files with the same name or content as {@code file} are left out, so the
     * host's generation of that name is the file under test.
     */
    static ScratchFolder create(Path file, Path builtIns, ModuleTrust trust) {
        Path root = null;
        try {
            root = Files.createTempDirectory("patchbay-verify-" + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path plugins = Files.createDirectory(root.resolve("plugins"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            String sha256 = ModuleFiles.sha256(file);
            Path copy = copyPrivate(file, plugins);
            TrustListFile pins = new TrustListFile(root.resolve("peer-pins.sha256"));
            pins.add(copy);
            for (Path builtIn : trustedBuiltIns(builtIns, trust)) {
                if (builtIn.getFileName().equals(file.getFileName())
                        || ModuleFiles.sha256(builtIn).equals(sha256)) {
                    continue;
                }
                pins.add(copyPrivate(builtIn, plugins));
            }
            TrustListFile underTest = new TrustListFile(root.resolve("under-test.sha256"));
            underTest.add(copy);
            return new ScratchFolder(root, plugins, copy, trust.and(underTest.path()), pins.path());
        } catch (IOException e) {
            if (root != null) {
                deleteTree(root);
            }
            throw new UncheckedIOException("cannot prepare a scratch plugins folder: " + e.getMessage(), e);
        }
    }

    private static Path copyPrivate(Path file, Path folder) throws IOException {
        Path copy = Files.createFile(folder.resolve(file.getFileName()), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        // Into the file just made, so that it keeps its 0600 rather than taking the source's mode.
        try (OutputStream out = Files.newOutputStream(copy)) {
            Files.copy(file, out);
        }
        return copy;
    }

    private static List<Path> trustedBuiltIns(Path builtIns, ModuleTrust trust) throws IOException {
        List<Path> trusted = new ArrayList<>();
        if (!Files.isDirectory(builtIns)) {
            return trusted;
        }
        try (Stream<Path> files = Files.list(builtIns)) {
            for (Path f : files.filter(p -> ModuleRegistry.isModuleFile(p) && Files.isRegularFile(p)).sorted()
                    .toList()) {
                if (trust.refusal(f, ModuleFiles.sha256(f)).isEmpty()) {
                    trusted.add(f);
                }
            }
        }
        return trusted;
    }

    Path plugins() {
        return plugins;
    }

    /** The copy of the file under test in {@link #plugins()}. */
    Path underTest() {
        return underTest;
    }

    /** The user's trust plus the file under test. */
    ModuleTrust hostTrust() {
        return hostTrust;
    }

    /** Exactly the files in {@link #plugins()}, for peers' {@code --pins}. */
    Path peerPins() {
        return peerPins;
    }

    @Override
    public void close() {
        deleteTree(root);
    }

    private static void deleteTree(Path dir) {
        try {
            DemoRunner.deleteTree(dir);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }
}
