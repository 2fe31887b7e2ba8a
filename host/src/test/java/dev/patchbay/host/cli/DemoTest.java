package dev.patchbay.host.cli;

import dev.patchbay.host.demo.PeerLauncher;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live demo end to end, as the README's first command runs it (with short steps): this JVM spawns a peer JVM,
 * moves the channel through the backends, deploys the patch and rolls back the broken one.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DemoTest {
    @TempDir
    Path dir;

    /** A distribution-like folder: plugins/ (with the README's hot patch already dropped in) beside patches/. */
    private Path pluginsAfterTheReadmePatch() throws IOException {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Files.copy(PeerHosts.patch("fifo-1.0.1.jar"), plugins.resolve("fifo-1.0.1.jar"));
        Path patches = Files.createDirectories(dir.resolve("patches"));
        for (String jar : List.of("fifo-1.0.1.jar", "fifo-1.0.2-broken.jar")) {
            Files.copy(PeerHosts.patch(jar), patches.resolve(jar));
        }
        return plugins;
    }

    @Test
    void swapsAndPatchesUnderLoadWithoutLossWhateverPatchesSitInPlugins() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--step", "150ms", "--health-window", "100ms",
                "--plugins-dir", pluginsAfterTheReadmePatch().toString());
        String output = out.toString();
        assertThat(status).as("demo output:\n%s\n%s", output, err).isZero();
        assertThat(output)
                .contains("trust     each module file's SHA-256 checked before it loads, against ")
                .contains("swap      pipe@1.0.0 -> fifo@1.0.0")
                .containsPattern("patch     fifo-1.0.1.jar: fifo@1.0.0 -> fifo@1.0.1\\s+pause [0-9.]+ ms\\s+committed")
                .containsPattern("bad patch fifo-1.0.2-broken.jar: .*ROLLED BACK")
                .contains("lost = 0  duplicated = 0  reordered = 0")
                .contains("channel   ended on fifo@1.0.1");
    }

    @Test
    void ctrlCPrintsWhatWasDoneAndRemovesTheTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path stdout = dir.resolve("stdout.txt");
        List<String> command = new java.util.ArrayList<>(PeerLauncher.command(PluginJars.distPlugins(), "demo",
                "--step", "5s"));
        command.add(1, "-Djava.io.tmpdir=" + tmp);
        // A build started in the background by a shell without job control inherits SIGINT ignored, and a JVM that
        // starts with it ignored never sees Ctrl-C: give the demo the default handling, as a terminal would.
        command.addAll(0, List.of("env", "--default-signal=INT"));
        Process demo = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(stdout).contains("start"));
            assertThat(folders(tmp)).anyMatch(name -> name.startsWith("patchbay-demo-"));

            new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();

            assertThat(demo.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(demo.exitValue()).isEqualTo(ExitStatus.CTRL_C);
            assertThat(Files.readString(stdout)).contains("stopped   at t=").containsPattern("so far    sent [0-9,]+");
            assertThat(folders(tmp)).noneMatch(name -> name.startsWith("patchbay-demo-"));
        } finally {
            demo.destroyForcibly();
        }
    }

    @Test
    void aPeerKilledMidwayIsReportedAsTheEndOfThePeer() throws Exception {
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process demo = new ProcessBuilder(PeerLauncher.command(PluginJars.distPlugins(), "demo", "--step", "5s"))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(stdout).contains("start"));
            ProcessHandle peer = demo.toHandle().children().findFirst().orElseThrow();

            peer.destroyForcibly();

            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(stderr);
            assertThat(demo.exitValue()).as(err).isEqualTo(ExitStatus.of(dev.patchbay.api.ErrorCode.PEER_CLOSED));
            assertThat(err).contains("peer process closed channel c1 or died").doesNotContain("no open channel");
        } finally {
            demo.destroyForcibly();
        }
    }

    private static List<String> folders(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
