package dev.patchbay.bench.harness.baseline;

import dev.patchbay.bench.harness.contender.Contender;
import dev.patchbay.bench.harness.contender.JavaBaselines;
import dev.patchbay.bench.harness.contender.JavaCommand;
import dev.patchbay.bench.harness.contender.SessionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Runs the Agrona ring-buffer baseline as the harness would, on its own class path, and checks that it answers the
 * control protocol with sane figures. It waits with backoff, so it is gentle on a loaded machine; no timing is
 * asserted.
 */
class AgronaBaselineTest {

    @Test
    void agronaPairAnswersTheLauncher(@TempDir Path work) throws Exception {
        Path baselines = Path.of(System.getProperty("patchbay.bench.baselines.dir", "target/baselines"));
        Contender agrona = JavaBaselines.agronaRingBuffer(JavaCommand.ofThisJvm(), baselines, "backoff");

        PairCheck.exchanges(agrona, new SessionSpec("agrona-test-1344", 1344, 1000, work));
    }
}
