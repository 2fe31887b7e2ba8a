package dev.patchbay.host.cli;

import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code patchbay scale}, small: a handful of channels, two patches, the report it writes. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ScaleCommandTest {
    @TempDir
    Path dir;

    @Test
    void measuresIdleChannelsAndMovesThemAllWithEachPatch() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Path report = dir.resolve("SCALE.md");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "scale", "--plugins-dir",
                plugins.toString(), "--channels", "20", "--idle", "1s", "--patches", "2", "--backend", "fifo",
                "--report", report.toString());

        assertThat(status).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("channels    20 on fifo")
                .contains("patch 1     20 of 20 channels on the new generation in")
                .contains("patch 2     20 of 20 channels on the new generation in")
                .contains("lost = 0  duplicated = 0  reordered = 0")
                .containsPattern("patch 2 .* KiB per channel end")
                .containsPattern("patch 1 .* s of CPU, both hosts: (\\w[\\w ]* \\d+\\.\\d\\d, )*other \\d+\\.\\d\\d\\)")
                .containsPattern("per channel end, after patch 1: [^,]+ KiB, 2: [^,]+ KiB\\n");
        assertThat(Files.readString(report)).contains("| fifo | 20 |").contains("0 / 0 / 0")
                .containsPattern("\\| 1: [^,|]+ KiB, 2: [^,|]+ KiB \\|")
                .contains("patchbay scale --plugins-dir");
        assertThat(err.toString()).doesNotContain("Exception");
    }

    @Test
    void refusesABackendWithoutAJarToPatch() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "scale", "--plugins-dir",
                plugins.toString(), "--channels", "2", "--backend", "nosuch");

        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("no nosuch plugin jar").doesNotContain("\tat ");
    }
}
