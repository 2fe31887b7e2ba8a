package dev.patchbay.host.examples;

import dev.patchbay.host.cli.Main;
import dev.patchbay.host.testing.PluginJars;
import dev.patchbay.sharedmem.segment.SegmentFolders;
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
 * {@code patchbay example durability} with a real segment, a real mapped log and a real writer process killed with
 * SIGKILL: the segment vanishes with its owner, the log keeps every committed record and replays from a sequence
 * number, and nothing is left behind.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DurabilityExampleTest {
    @Test
    void theSegmentVanishesAndTheLogSurvivesTheWritersCrashAndReplays() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "example", "durability",
                "--records", "6", "--plugins-dir", PluginJars.distPlugins().toString());

        String output = out.toString();
        assertThat(status).as("output:\n%s\n%s", output, err).isZero();
        assertThat(output)
                .containsPattern("wrote 42 into /dev/shm/patchbay-example-durable-\\d+ \\(rw-------\\) on a tmpfs")
                .containsPattern("/dev/shm/patchbay-example-durable-\\d+ has vanished")
                .containsPattern("writer pid \\d+ appended 6 records .* then was killed with SIGKILL")
                .contains("the reader still got 6 of 6 records")
                .containsPattern("seq 3 +writer run 1 \\(pid \\d+\\) record 3")
                .containsPattern("seq 5 +writer run 1 \\(pid \\d+\\) record 5")
                .containsPattern("seq 6 +writer run 2 \\(pid \\d+\\) record 0")
                .containsPattern("seq 7 +writer run 2 \\(pid \\d+\\) record 1")
                .contains("both sides closed cleanly: the log files are deleted")
                .contains("try it by hand:");
        String pid = Long.toString(ProcessHandle.current().pid());
        try (Stream<Path> files = Files.list(SegmentFolders.dataFolder())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("example-log-" + pid + "."));
        }
    }
}
