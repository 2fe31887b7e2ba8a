package dev.patchbay.host.aeron;

import dev.patchbay.host.cli.Main;
import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second generation of the aeron plugin (1.0.1) beside the distribution's (1.0.0) in one host: each loads its own
 * copy of Aeron and Agrona from its own jar, carries traffic over a link with its own embedded media driver, and
 * unloads with nothing left of it: its class loader is collected (no Aeron thread or cache outlives it) and its
 * driver's folder is gone.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AeronGenerationsTest {
    @TempDir
    Path dir;

    @Test
    void aSecondGenerationLoadsBesideTheFirstCarriesTrafficAndUnloadsCleanly() throws Exception {
        Path patch = PluginJars.withManifest(PluginJars.built("aeron"), dir.resolve("aeron-1.0.1.jar"),
                Map.of("Plugin-Version", "1.0.1"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "plugin", "verify",
                patch.toString(), "--plugins-dir", PluginJars.distPlugins().toString(), "--check-timeout", "120s",
                "--step-timeout", "60s");

        assertThat(status).as("exit status (0: every check passed)\n" + out + err).isZero();
        assertThat(out.toString()).contains("PASS load: aeron@1.0.1 STARTED").contains("aeron")
                .containsPattern("over aeron:c1-" + ProcessHandle.current().pid() + "-\\d+")
                .contains("0 lost, 0 duplicated, 0 reordered").contains("class loader collected")
                .contains("verified: all 6 checks passed");
        assertThat(driverFolders()).as("embedded media driver folders of this process").isZero();
    }

    private static long driverFolders() throws Exception {
        Path aeron = Path.of(System.getProperty("patchbay.runtime.dir"), "aeron");
        if (!Files.isDirectory(aeron)) {
            return 0;
        }
        String mine = "driver-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> all = Files.list(aeron)) {
            return all.filter(p -> p.getFileName().toString().startsWith(mine)).count();
        }
    }
}
