package dev.patchbay.host.cli;

import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code patchbay plugin verify FILE} on real module files the build made: a good jar and library pass every check,
 * a broken patch and a file of random bytes fail with a FAIL line and status 1, and the scratch folder goes away.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PluginsVerifyCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void theBuiltFifoJarPassesEveryCheck() throws Exception {
        int status = verify(PluginJars.built("fifo"));

        assertThat(status).as(out + "" + err).isEqualTo(ExitStatus.OK);
        for (String check : new String[] {"descriptor", "load", "traffic", "migrate", "peer killed", "unload"}) {
            assertThat(out.toString()).contains("PASS " + check + ": ");
        }
        assertThat(out.toString()).doesNotContain("FAIL").contains("0 lost, 0 duplicated, 0 reordered")
                .containsPattern("over fifo:c1-" + ProcessHandle.current().pid() + "-\\d+")
                .contains("class loader collected").contains("verified: all 6 checks passed");
        assertThat(leftScratchFolders()).isEmpty();
    }

    @Test
    void theBrokenPatchJarFails() {
        int status = verify(PeerHosts.patch("fifo-1.0.2-broken.jar"));

        assertThat(status).as(out.toString()).isEqualTo(ExitStatus.PROBLEMS_FOUND);
        assertThat(out.toString()).contains("PASS descriptor: fifo 1.0.2-broken")
                .contains("FAIL traffic: fifo 1.0.2-broken dropped the link")
                .contains("NOT verified");
        assertThat(leftScratchFolders()).isEmpty();
    }

    @Test
    void randomBytesFailAtTheDescriptor() throws Exception {
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        Path garbage = Files.write(dir.resolve("x.jar"), bytes);

        int status = verify(garbage);

        assertThat(status).as(out.toString()).isEqualTo(ExitStatus.PROBLEMS_FOUND);
        assertThat(out.toString()).contains("FAIL descriptor: x.jar is not a jar file")
                .doesNotContain("PASS").contains("5 not run");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theNativeNshmLibraryPassesEveryCheck() {
        Path nshm = PluginJars.distPlugins().resolve("nshm-1.0.0.so");
        assumeTrue(Files.isRegularFile(nshm), "the build made no nshm library (no gcc)");

        int status = verify(nshm);

        assertThat(status).as(out + "" + err).isEqualTo(ExitStatus.OK);
        assertThat(out.toString()).contains("PASS descriptor: nshm 1.0.0, native, abi 1")
                .contains("no longer in /proc/self/maps").doesNotContain("FAIL");
    }

    @Test
    void aMissingFileIsAUsageErrorOnOneLine() {
        int status = verify(dir.resolve("nothing-1.0.0.jar"));

        assertThat(status).isEqualTo(ExitStatus.USAGE);
        assertThat(err.toString()).startsWith("patchbay: " + dir.resolve("nothing-1.0.0.jar") + ": no such readable"
                + " file").contains("Try 'patchbay plugins verify --help'.").doesNotContain("\tat ");
    }

    @Test
    void helpUnderEitherNameShowsTheChecksAndExamples() {
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "plugin", "verify", "--help"))
                .isZero();
        String help = out.toString();
        out.getBuffer().setLength(0);
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "plugins", "verify", "-h"))
                .isZero();

        assertThat(out.toString()).isEqualTo(help);
        assertThat(help).startsWith("Usage: patchbay plugins verify").contains("--check-timeout")
                .contains("Examples:").contains("  patchbay plugin verify ./uds-1.0.0.jar");
    }

    private int verify(Path file) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "plugin", "verify", file.toString(),
                "--plugins-dir", PluginJars.distPlugins().toString(), "--check-timeout", "120s",
                // Each check spawns a peer JVM that must load its modules before a migration step times out.
                "--step-timeout", "60s");
    }

    /** Scratch folders of this process still on disk: each run must remove its own. */
    private static List<Path> leftScratchFolders() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        String prefix = "patchbay-verify-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
