package dev.patchbay.bench.harness.baseline;

import dev.patchbay.bench.harness.contender.Contender;
import dev.patchbay.bench.harness.contender.JavaBaselines;
import dev.patchbay.bench.harness.contender.JavaCommand;
import dev.patchbay.bench.harness.contender.SessionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Aeron IPC baseline as the harness would, on its own class path with its embedded media driver, and
 * checks that it answers the control protocol with sane figures and leaves no driver folder behind. 64 KiB
 * messages go as fragments, so the assembler is exercised too. It waits with backoff; no timing is asserted.
 */
class AeronBaselineTest {

    @Test
    void aeronPairAnswersTheLauncherAndCleansUp(@TempDir Path work) throws Exception {
        Path baselines = Path.of(System.getProperty("patchbay.bench.baselines.dir", "target/baselines"));
        Contender aeron = JavaBaselines.aeronIpc(JavaCommand.ofThisJvm(), baselines);
        SessionSpec spec = new SessionSpec("aeron-test-65536", 64 * 1024, 1000, work);

        PairCheck.exchanges(aeron, spec);

        // The receiver's driver deleted its folder on the way out.
        assertThat(Path.of("/dev/shm", "patchbay-bench-" + ProcessHandle.current().pid() + "-" + spec.id()
                + "-aeron")).doesNotExist();
    }
}
