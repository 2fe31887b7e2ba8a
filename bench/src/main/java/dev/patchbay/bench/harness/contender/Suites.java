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
 * here.
 */
public final class Suites {
    /** Pipes and fifos: throughput at least 0.9× the C program, round trip at most 1.2× of it. */
    private static final List<Target> STREAM_TARGETS = List.of(
            new Target(Mode.THROUGHPUT, 0.9),
            new Target(Mode.ROUND_TRIP, 1.2));
    /** Shared memory against Agrona: a round trip (p50) no slower than Agrona's. */
    private static final List<Target> AGRONA_TARGETS = List.of(new Target(Mode.ROUND_TRIP, 1.0));
    private static final String AGRONA_NOTE = "Target from the issue: round-trip p50 at most 1.0× Agrona's, with"
            + " the same wait on both sides. Both sides poll memory, so they are measured on separate CPUs only.";

    private static final String FLOOR_NOTE = "No target: the C floor is the physical limit, not a competitor. It"
            + " moves each message as one record through rings in the shm backend's own layout, with the nshm"
            + " module's C ring code and nothing on top (no peer slots, fragments or close gate), waiting the same"
            + " way as Patchbay's side. Both poll memory, so they are measured on separate CPUs only.";

    private Suites() {
    }

    /**
     * All suites, in report order.
     *
     * @param cDir         where the build put the C baselines
     * @param baselinesDir where the build put the Java baselines' libraries, one folder each
     */
    public static List<Suite> all(JavaCommand java, Path cDir, Path baselinesDir) {
        return List.of(
                new Suite("pipe", PatchbayContenders.spawnedChild("pipe", java), CBaselines.pipe(cDir),
                        STREAM_TARGETS),
                new Suite("fifo", PatchbayContenders.namedMeeting("fifo", PatchbayContenders.POLL_WAIT, false, java),
                        CBaselines.fifo(cDir), STREAM_TARGETS),
                new Suite("shm", PatchbayContenders.shm("backoff", java),
                        JavaBaselines.agronaRingBuffer(java, baselinesDir, "backoff"), AGRONA_TARGETS, AGRONA_NOTE),
                new Suite("shm-spin", PatchbayContenders.shm("spin", java),
                        JavaBaselines.agronaRingBuffer(java, baselinesDir, "spin"), AGRONA_TARGETS, AGRONA_NOTE),
                new Suite("shm-aeron", PatchbayContenders.shm("backoff", java),
                        JavaBaselines.aeronIpc(java, baselinesDir), List.of(), "No target: the issue sets none"
                        + " against Aeron, so the ratio is reported without a verdict. Aeron's media driver is a"
                        + " third thread, in the receiver's process; all sides poll, so they are measured on"
                        + " separate CPUs only."),
                new Suite("shm-floor", PatchbayContenders.shm("backoff", java), CBaselines.shmFloor(cDir, "backoff"),
                        List.of(), FLOOR_NOTE),
                new Suite("shm-spin-floor", PatchbayContenders.shm("spin", java), CBaselines.shmFloor(cDir, "spin"),
                        List.of(), FLOOR_NOTE),
                new Suite("aeron-udp", PatchbayContenders.aeronUdp(java), JavaBaselines.aeronUdp(java, baselinesDir),
                        STREAM_TARGETS, "Targets from the issue: throughput at least 0.9×, round trip at most 1.2×"
                        + " raw Aeron's. Both pairs run over 127.0.0.1 with the same endpoints' shape, message sizes"
                        + " and driver settings. Neither pair is stopped while the other is measured (a stop would"
                        + " outlast the 700 ms peer-silence timeouts and end its link), so each waits idly, parking"
                        + " up to 1 ms, beside the other's rounds. All sides poll, so they are measured on separate"
                        + " CPUs only."),
                new Suite("mmap", PatchbayContenders.mmap(java), JavaBaselines.fileChannel(java), List.of(),
                        "No target: the issue sets none for mmap. Both sides keep a log on disk that survives either"
                        + " process, and neither forces it to the disk; both poll, so they are measured on separate"
                        + " CPUs only. They wait in the same steps, but a step of the FileChannel poll is a read(2)"
                        + " where mmap's is a load from memory, so the FileChannel side spins for longer before it"
                        + " parks. Chronicle Queue is not measured (bench/README.md says why)."));
    }
}
