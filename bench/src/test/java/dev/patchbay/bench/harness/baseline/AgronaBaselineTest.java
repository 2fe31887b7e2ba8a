package dev.patchbay.bench.harness.baseline;

import dev.patchbay.bench.harness.contender.Contender;
import dev.patchbay.bench.harness.contender.JavaBaselines;
import dev.patchbay.bench.harness.contender.JavaCommand;
import dev.patchbay.bench.harness.contender.SessionSpec;
import dev.patchbay.bench.harness.result.LatencyRound;
import dev.patchbay.bench.harness.result.ThroughputRound;
import dev.patchbay.bench.harness.session.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

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

        try (Session session = Session.start(agrona, new SessionSpec("agrona-test-1344", 1344, 1000, work))) {
            session.warmUp(Duration.ofMillis(100));
            LatencyRound rtt = session.roundTrip(Duration.ofMillis(100));
            ThroughputRound stream = session.stream(Duration.ofMillis(100));

            assertThat(rtt.samples()).isEqualTo(100);
            assertThat(rtt.percentileMicros(50)).isPositive();
            assertThat(stream.messages()).isPositive();
            assertThat(stream.bytes()).isEqualTo(stream.messages() * 1344);
        }
    }
}
