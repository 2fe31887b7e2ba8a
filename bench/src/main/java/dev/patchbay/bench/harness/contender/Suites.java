package dev.patchbay.bench.harness.contender;

import dev.patchbay.bench.harness.result.Mode;
import dev.patchbay.bench.harness.result.Target;

import java.nio.file.Path;
import java.util.List;

/**
 * Every comparison the harness knows, with the targets from the benchmark issue.
 *
 * <p>Adding a backend: make its transport known to {@link dev.patchbay.bench.harness.peer.Transports}, write its
 * baseline as a {@link Contender} (any program whose sender speaks the control protocol), and add a {@link Suite}
 * here. The shared-memory backend, for one, would be
 * {@code new Suite("shm", PatchbayContenders.namedMeeting("shm", <its wait>, true, java),
 * JavaBaselines.agronaRingBuffer(java, baselinesDir, "backoff"), List.of(new Target(Mode.ROUND_TRIP, 1.0)))}.
 */
public final class Suites {
    /** Pipes and fifos: throughput at least 0.9× the C program, round trip at most 1.2× of it. */
    private static final List<Target> STREAM_TARGETS = List.of(
            new Target(Mode.THROUGHPUT, 0.9),
            new Target(Mode.ROUND_TRIP, 1.2));

    private Suites() {
    }

    /** All suites, in report order. */
    public static List<Suite> all(JavaCommand java, Path cDir) {
        return List.of(
                new Suite("pipe", PatchbayContenders.spawnedChild("pipe", java), CBaselines.pipe(cDir),
                        STREAM_TARGETS),
                new Suite("fifo", PatchbayContenders.namedMeeting("fifo", PatchbayContenders.POLL_WAIT, false, java),
                        CBaselines.fifo(cDir), STREAM_TARGETS));
    }
}
