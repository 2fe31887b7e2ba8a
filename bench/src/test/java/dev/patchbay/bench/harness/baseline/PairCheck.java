package dev.patchbay.bench.harness.baseline;

import dev.patchbay.bench.harness.contender.Contender;
import dev.patchbay.bench.harness.contender.SessionSpec;
import dev.patchbay.bench.harness.result.LatencyRound;
import dev.patchbay.bench.harness.result.ThroughputRound;
import dev.patchbay.bench.harness.session.Session;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a baseline's pair as the harness would — a warm-up, a round trip and a streaming round of 100 ms each — and
 * checks that it answered the control protocol with sane figures. Closing the session waits for both processes to
 * end, so what they should have removed is gone when this returns. No timing is asserted.
 */
final class PairCheck {
    private PairCheck() {
    }

    static void exchanges(Contender contender, SessionSpec spec) throws IOException {
        try (Session session = Session.start(contender, spec)) {
            session.warmUp(Duration.ofMillis(100));
            LatencyRound rtt = session.roundTrip(Duration.ofMillis(100));
            ThroughputRound stream = session.stream(Duration.ofMillis(100));

            assertThat(rtt.samples()).isEqualTo(spec.rate() / 10);
            assertThat(rtt.percentileMicros(50)).isPositive();
            assertThat(stream.messages()).isPositive();
            assertThat(stream.bytes()).isEqualTo(stream.messages() * spec.size());
        }
    }
}
