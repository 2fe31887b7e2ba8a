package dev.patchbay.host.cli;

import dev.patchbay.host.PluginsFolder;
import dev.patchbay.host.module.ModuleException;
import dev.patchbay.host.module.ModuleFiles;
import dev.patchbay.host.module.Quarantine;
import dev.patchbay.host.module.QuarantineEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code patchbay plugins release FILE|SHA256}: lets hosts load a quarantined module file again. */
@Command(name = "release", description = "Take a module file out of quarantine, so that hosts on the plugins folder"
        + " load it again. A file is quarantined when a host rejects it (a patch rolled back); give the file, its"
        + " name as listed, or its SHA-256 or a prefix of it (at least 4 hex digits).",
        footerHeading = "%nExamples:%n", footer = {"  patchbay plugins release fifo-1.0.2.jar",
                "  patchbay plugins release 3f9a61c2 --plugins-dir ./plugins"})
final class PluginsReleaseCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|SHA256", description = "A quarantined module file, its name, or a SHA-256 prefix.")
    String module;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Folder of plugin jars (default: $PATCHBAY_PLUGINS, else plugins/ beside the distribution).")
    Path pluginsDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = PluginsFolder.resolve(pluginsDir);
        if (!Files.isDirectory(dir)) {
            throw new ModuleException("plugins folder " + dir + " does not exist; pass --plugins-dir DIR or set"
                    + " PATCHBAY_PLUGINS");
        }
        Quarantine quarantine = new Quarantine(dir);
        // A file that exists is released by its content: another file under that name was never quarantined.
        List<QuarantineEntry> released = contentOf(dir).map(quarantine::release).orElse(List.of());
        if (released.isEmpty()) {
            released = quarantine.release(module);
        }
        if (released.isEmpty()) {
            spec.commandLine().getErr().println("patchbay: nothing quarantined in " + dir + " matches " + module
                    + " (see: patchbay plugins)");
            return ExitStatus.NOTHING_TO_DO;
        }
        for (QuarantineEntry entry : released) {
            spec.commandLine().getOut().println("released " + entry.file() + " (sha256 " + entry.sha256()
                    + "), quarantined " + entry.at() + ": " + entry.reason());
        }
        return ExitStatus.OK;
    }

    private Optional<String> contentOf(Path dir) {
        Path file = Files.isRegularFile(Path.of(module)) ? Path.of(module) : dir.resolve(module);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModuleFiles.sha256(file));
        } catch (IOException e) {
            throw new ModuleException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
