package dev.patchbay.bench.harness.swap;

import java.util.List;

/**
 * One swap-pause measurement: migrations between {@code backends} under traffic at {@code rate} messages per second
 * each way.
 *
 * @param label        how the report names it
 * @param backends     the soak's {@code --backends}; one backend means every migration goes to a fresh link of it
 * @param rate         messages per second each way (64 bytes each)
 * @param targetMillis the p99 pause the issue asks for, or 0 for none
 */
public record SwapScenario(String label, List<String> backends, long rate, double targetMillis) {

    public SwapScenario {
        backends = List.copyOf(backends);
    }

    /** shm↔shm at 100,000 messages/s, target p99 ≤ 1 ms; then every backend pair at the same rate. */
    public static List<SwapScenario> defaults() {
        return List.of(new SwapScenario("shm ↔ shm", List.of("shm"), 100_000, 1.0),
                new SwapScenario("all backends (pipe, fifo, shm, mmap)", List.of("pipe", "fifo", "shm", "mmap"),
                        100_000, 0));
    }
}
