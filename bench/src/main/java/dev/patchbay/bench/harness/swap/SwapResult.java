package dev.patchbay.bench.harness.swap;

/**
 * What one scenario's soak reported.
 *
 * @param scenario   what was measured
 * @param migrations migrations committed
 * @param pause      longest gap between arrivals during each migration
 * @param quiet      longest gap in a window as long as the migration, without one: the baseline
 * @param switches   from sending SWITCH to reading the peer's SWITCH
 * @param traffic    the soak's traffic line (sent, lost, duplicated, reordered)
 * @param clean      true when the soak found nothing lost, duplicated or reordered
 * @param maxForeign the most CPU other programs used in any second of the run, in CPUs
 */
public record SwapResult(SwapScenario scenario, int migrations, PauseFigures pause, PauseFigures quiet,
                         PauseFigures switches, String traffic, boolean clean, double maxForeign) {
}
