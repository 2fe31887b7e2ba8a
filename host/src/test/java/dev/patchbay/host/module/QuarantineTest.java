package dev.patchbay.host.module;

import dev.patchbay.host.ModuleKinds;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The quarantine file as hosts read it: keyed by content, tolerant of damage, in memory where it cannot write. */
class QuarantineTest {
    @TempDir
    Path dir;

    @Test
    void garbledLinesAreIgnoredAndOnlyTheQuarantinedContentIsHeldBack() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Path fifo = plugins.resolve("fifo-1.0.0.jar");
        Path pipe = single(plugins, "pipe-");
        String otherContent = "ab".repeat(32);
        Files.writeString(plugins.resolve(Quarantine.FILE_NAME), String.join("\n",
                "# a comment",
                "garbage without tabs",
                "nothex\t2026-01-01T00:00:00Z\tx.jar\twhy",
                ModuleFiles.sha256(fifo) + "\tnot-a-time\tfifo-1.0.0.jar\twhy",
                "\u0000\u0001\u0002",
                ModuleFiles.sha256(pipe) + "\t2026-01-01T00:00:00Z\t" + pipe.getFileName() + "\tlinks broke",
                // The same name as a jar in the folder, but other content: that jar is not quarantined.
                otherContent + "\t2026-01-01T00:00:00Z\tfifo-1.0.0.jar\tan older build"));

        try (ModuleRegistry registry = ModuleKinds.open(plugins)) {
            registry.scan();

            assertThat(state(registry, pipe)).isEqualTo(ModuleState.QUARANTINED);
            assertThat(cause(registry, pipe)).contains("links broke").contains("2026-01-01T00:00:00Z");
            assertThat(state(registry, fifo)).isEqualTo(ModuleState.STARTED);
            assertThat(registry.quarantine().entries()).extracting(QuarantineEntry::sha256)
                    .containsExactly(ModuleFiles.sha256(pipe), otherContent);
        }
    }

    @Test
    void aRejectionIsQuarantinedAndReleasedByFileOrPrefix() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Path fifo = plugins.resolve("fifo-1.0.0.jar");
        try (ModuleRegistry registry = ModuleKinds.open(plugins)) {
            rejectOnceScanned(registry, fifo, "patch rolled back (links\tbroke\non purpose)");

            assertThat(registry.loadUnlessQuarantined(fifo).state()).isEqualTo(ModuleState.QUARANTINED);
            // A load by exact content, as a peer does for its initiator, is not held back.
            assertThat(registry.load(fifo).state()).isEqualTo(ModuleState.STARTED);
            assertThat(Files.readAllLines(registry.quarantine().path())).filteredOn(l -> !l.startsWith("#"))
                    .singleElement().asString().endsWith("\tfifo-1.0.0.jar\tpatch rolled back (links broke on"
                            + " purpose)");
            assertThat(registry.quarantine().release("0000ffff")).isEmpty();
            assertThat(registry.quarantine().release(ModuleFiles.sha256(fifo).substring(0, 8)))
                    .extracting(QuarantineEntry::file).containsExactly("fifo-1.0.0.jar");
            assertThat(registry.loadUnlessQuarantined(fifo).state()).isEqualTo(ModuleState.STARTED);
            assertThat(registry.list()).filteredOn(m -> m.state() == ModuleState.QUARANTINED).isEmpty();
        }
    }

    @Test
    void aFolderItCannotWriteKeepsTheQuarantineInMemory() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Path fifo = plugins.resolve("fifo-1.0.0.jar");
        // A folder in the way of the file: renaming over it fails for root too, so this holds in any container.
        Files.createDirectories(plugins.resolve(Quarantine.FILE_NAME).resolve("in-the-way"));
        try (ModuleRegistry registry = ModuleKinds.open(plugins)) {
            rejectOnceScanned(registry, fifo, "links broke");

            assertThat(registry.loadUnlessQuarantined(fifo).state()).isEqualTo(ModuleState.QUARANTINED);
            assertThat(Files.isDirectory(registry.quarantine().path())).isTrue();
        }
        try (ModuleRegistry another = ModuleKinds.open(plugins)) {
            another.scan();
            assertThat(state(another, fifo)).isEqualTo(ModuleState.STARTED);
        }
    }

    private static void rejectOnceScanned(ModuleRegistry registry, Path file, String why) {
        registry.scan();
        registry.reject(registry.modules().stream().filter(m -> m.source().equals(file)).findFirst().orElseThrow(),
                why);
    }

    private static Path single(Path plugins, String prefix) throws Exception {
        try (var files = Files.list(plugins)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    private static ModuleState state(ModuleRegistry registry, Path file) {
        return registry.list().stream().filter(m -> m.file().equals(file)).reduce((a, b) -> b).orElseThrow().state();
    }

    private static String cause(ModuleRegistry registry, Path file) {
        return registry.list().stream().filter(m -> m.file().equals(file)).reduce((a, b) -> b).orElseThrow().cause();
    }
}
