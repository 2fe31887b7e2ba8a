package dev.patchbay.host.examples;

import dev.patchbay.host.cli.Main;
import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code patchbay example counter} with real processes on real segments: under the robust mutex the total is exact,
 * and still exact after a process is killed holding it; both segments are gone afterwards.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CounterExampleTest {
    @Test
    void lockedTotalsAreExactEvenWhenTheHolderIsKilledAndTheSegmentsAreRemoved() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "example", "counter",
                "--processes", "3", "--increments", "4000", "--plugins-dir", PluginJars.distPlugins().toString());

        String output = out.toString();
        assertThat(status).as("output:\n%s\n%s", output, err).isZero();
        assertThat(output.lines().filter(l -> l.matches(" +robust lock +counter +12,000 of +12,000 +exact")))
                .as(output).hasSize(2);
        assertThat(output.lines().filter(l -> l.matches(" +holder killed +counter +8,000 of +8,000 +exact: the"
                + " next holder got EOWNERDEAD and undid the half update \\(pid \\d+\\)"))).as(output).hasSize(2);
        assertThat(output).containsPattern("pid \\d+ took the lock first and was killed with SIGKILL")
                .containsPattern("no lock +counter +[0-9,]+ of +12,000")
                .contains("meet at \"stats\" and \"per-process\" with findOrConstruct")
                .doesNotContain("STILL THERE");
        String pid = Long.toString(ProcessHandle.current().pid());
        try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
            assertThat(shm.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("patchbay-example-")
                    && n.endsWith("-" + pid));
        }
    }

    @Test
    void tooFewProcessesIsAUsageError() {
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "example",
                "counter", "--processes", "1");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--processes 1 must be between 2 and 16").doesNotContain("Exception");
    }
}
