package dev.patchbay.host.cli;

import dev.patchbay.api.ApiVersion;
import dev.patchbay.host.testing.NativeFiles;
import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI as a user meets it: listings, and one-line errors with distinct exit codes. */
class MainTest {
    @TempDir
    Path plugins;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void pluginsListsEachModuleWithHashStateAndCause() throws Exception {
        Path fifo = PluginJars.built("fifo");
        Files.copy(fifo, plugins.resolve("fifo-1.0.0.jar"));
        PluginJars.withManifest(fifo, plugins.resolve("future.jar"),
                Map.of("Plugin-Id", "future", ApiVersion.MANIFEST_ATTRIBUTE, "9.0"));

        int status = run("plugins", "--plugins-dir", plugins.toString(), "--long");

        assertThat(status).isEqualTo(1);
        String listing = out.toString();
        assertThat(listing).contains("plugins folder " + plugins + ": 2 modules");
        assertThat(listing).containsPattern("fifo\\s+1\\.0\\.0\\s+jar\\s+fifo\\s+\\d+\\.\\d+\\s+STARTED\\s+[0-9a-f]{64}");
        assertThat(listing).containsPattern("future\\s+1\\.0\\.0\\s+jar\\s+-\\s+9\\.0\\s+FAILED");
        assertThat(listing).contains("built for plugin API 9.0");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void listsNativeModulesBesideJarsWithTheirAbiVersion() throws Exception {
        Files.copy(PluginJars.built("fifo"), plugins.resolve("fifo-1.0.0.jar"));
        Files.copy(NativeFiles.nshm(), plugins.resolve("nshm-1.0.0.so"));
        Files.copy(NativeFiles.patch("nshm-bad-abi.so"), plugins.resolve("nshm-9.0.0.so"));

        int status = run("plugins", "--plugins-dir", plugins.toString(), "--long");

        assertThat(status).isEqualTo(1);
        String listing = out.toString();
        assertThat(listing).contains("plugins folder " + plugins + ": 3 modules");
        assertThat(listing).containsPattern("fifo\\s+1\\.0\\.0\\s+jar\\s+fifo\\s+\\d+\\.\\d+\\s+STARTED");
        assertThat(listing).containsPattern("nshm\\s+1\\.0\\.0\\s+native\\s+nshm\\s+abi 1\\s+STARTED\\s+[0-9a-f]{64}"
                + "\\s+nshm-1\\.0\\.0\\.so");
        assertThat(listing).containsPattern("nshm-9\\.0\\.0\\.so\\s+\\?\\s+native\\s+-\\s+\\?\\s+FAILED")
                .contains("nshm-9.0.0.so was built for native ABI 99; this host speaks native ABI 1");
    }

    @Test
    void userErrorsAreOneLineWithoutAStackTrace() {
        assertThat(run("send", "fifo:../../etc/passwd", "--plugins-dir", PluginJars.distPlugins().toString()))
                .isEqualTo(15);
        assertThat(run("send", "nosuch:thing", "--plugins-dir", PluginJars.distPlugins().toString()))
                .isEqualTo(15);
        assertThat(run("send", "fifo:nobody-home", "--timeout", "200ms",
                "--plugins-dir", PluginJars.distPlugins().toString())).isEqualTo(14);
        assertThat(run("plugins", "--plugins-dir", plugins.resolve("missing").toString())).isEqualTo(18);
        String[] lines = err.toString().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("patchbay: address 'fifo:../../etc/passwd' is unsafe");
        assertThat(lines[1])
                .startsWith("patchbay: no backend serves 'nosuch:' here; loaded schemes: aeron, fifo, mmap, nshm, pipe, shm");
        assertThat(lines[2]).startsWith("patchbay: no listener at ").contains("nobody-home.c2s");
        assertThat(lines[3]).contains("missing does not exist");
    }

    @Test
    void badOptionsPointToHelp() {
        assertThat(run("demo", "--size")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter for option '--size'")
                .contains("Try 'patchbay demo --help'.");
        assertThat(run("soak", "--param", "wait=futex")).isEqualTo(2);
        assertThat(err.toString()).contains("--param wait=futex: name the scheme and the parameter, as in"
                + " shm.wait=futex");
    }
}
