package dev.patchbay.bench.harness.baseline;

import dev.patchbay.bench.harness.contender.CBaselines;
import dev.patchbay.bench.harness.contender.Contender;
import dev.patchbay.bench.harness.contender.SessionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the C floor of the shm suites as the harness would, and checks what it leaves behind: nothing in
 * {@code /dev/shm}, and no receiver waiting for a sender that was killed. It waits with backoff, so it is gentle on
 * a loaded machine; no timing is asserted.
 */
class ShmFloorBaselineTest {
    private static final Path C_DIR = Path.of(System.getProperty("patchbay.bench.c.dir", "target/c"));
    private static final String LAUNCHER = "bench-floor-" + ProcessHandle.current().pid() + "-";

    @Test
    void floorPairAnswersTheLauncherAndLeavesNoSegment(@TempDir Path work) throws Exception {
        Contender floor = CBaselines.shmFloor(C_DIR, "backoff");

        PairCheck.exchanges(floor, new SessionSpec("floor-test-288", 288, 1000, work));

        assertThat(leftovers()).isEmpty();
    }

    @Test
    void receiverEndsWhenItsSenderIsKilled() throws Exception {
        String program = C_DIR.resolve("shm-floor-bench").toString();
        String name = LAUNCHER + "killed";
        Process receiver = new ProcessBuilder(program, "receive", "64", name, "backoff")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Process sender = new ProcessBuilder(program, "send", "64", "1000", name, "backoff")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String ready = new String(sender.getInputStream().readNBytes(6));
            assertThat(ready).isEqualTo("ready ");

            sender.destroyForcibly().waitFor();

            assertThat(receiver.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(receiver.exitValue()).isZero();
            assertThat(leftovers()).isEmpty();
        } finally {
            sender.destroyForcibly();
            receiver.destroyForcibly();
        }
    }

    private static java.util.List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("patchbay-" + LAUNCHER)).toList();
        }
    }
}
