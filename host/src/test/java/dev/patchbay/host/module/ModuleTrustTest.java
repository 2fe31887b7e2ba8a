package dev.patchbay.host.module;

import dev.patchbay.host.ModuleKinds;
import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Integrity by default: a module file loads only if a trust list names its SHA-256. */
class ModuleTrustTest {
    @TempDir
    Path plugins;
    @TempDir
    Path work;
    private ModuleRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void refusesAFileNoListNamesSaysHowToTrustItAndLoadsItOnceTrusted() throws Exception {
        Path list = work.resolve("config/patchbay/trusted-modules.sha256");
        Path fifo = Files.copy(PluginJars.built("fifo"), plugins.resolve("fifo-1.0.0.jar"));
        registry = ModuleKinds.open(plugins, ModuleTrust.lists(List.of(list)));

        BackendModule refused = registry.load(fifo);
        assertThat(refused.state()).isEqualTo(ModuleState.FAILED);
        assertThat(refused.info().cause()).startsWith("not trusted: SHA-256 " + ModuleFiles.sha256(fifo))
                .contains(list + " (absent)").endsWith("run: patchbay plugins trust " + fifo);
        assertThat(registry.knows(ModuleFiles.sha256(fifo))).as("a refusal is not a loaded generation").isFalse();
        assertThat(registry.untrustedFiles()).containsExactly(fifo);

        new TrustListFile(list).add(fifo);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(list))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(list.getParent())))
                .isEqualTo("rwx------");
        BackendModule trusted = registry.load(fifo);
        assertThat(trusted.state()).isEqualTo(ModuleState.STARTED);
        assertThat(registry.list()).as("the refusal's row is replaced").singleElement()
                .satisfies(m -> assertThat(m.generation()).isEqualTo(trusted.generation()));
        assertThat(registry.untrustedFiles()).isEmpty();

        assertThat(new TrustListFile(list).remove(fifo.toString())).isEqualTo(1);
        assertThat(registry.load(fifo).state()).as("untrusted again").isEqualTo(ModuleState.FAILED);
    }

    @Test
    void aListOtherUsersCanWriteProvesNothingAndIsRefusedAsAWhole() throws Exception {
        Path fifo = Files.copy(PluginJars.built("fifo"), plugins.resolve("fifo-1.0.0.jar"));
        Path list = work.resolve("shared.sha256");
        Files.writeString(list, ModuleFiles.sha256(fifo) + "  fifo-1.0.0.jar\n");
        Files.setPosixFilePermissions(list, PosixFilePermissions.fromString("rw-rw-rw-"));
        registry = ModuleKinds.open(plugins, ModuleTrust.lists(List.of(list)));

        BackendModule module = registry.load(fifo);
        assertThat(module.state()).isEqualTo(ModuleState.FAILED);
        assertThat(module.info().cause()).startsWith("trust list " + list + " can be written by users other than"
                + " you (owner uid ").contains("mode rw-rw-rw-), so it proves nothing")
                .endsWith("(chmod 644 " + list + ")");
    }

    @Test
    void theBuiltInListNamesEveryModuleFileTheBuildMade() throws Exception {
        Path builtIn = TrustFiles.builtIn();
        assertThat(builtIn).exists();
        ModuleTrust standard = ModuleTrust.standard();
        try (var files = Files.list(PluginJars.distPlugins())) {
            for (Path module : files.filter(ModuleRegistry::isModuleFile).toList()) {
                assertThat(standard.refusal(module, ModuleFiles.sha256(module))).as(module.toString()).isEmpty();
            }
        }
    }

    @Test
    void verificationOffLoadsAnything() throws Exception {
        Path fifo = Files.copy(PluginJars.built("fifo"), plugins.resolve("fifo-1.0.0.jar"));
        registry = ModuleKinds.open(plugins, ModuleTrust.anyModule());
        assertThat(registry.load(fifo).state()).isEqualTo(ModuleState.STARTED);
    }
}
