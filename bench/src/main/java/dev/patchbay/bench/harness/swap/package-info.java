/**
 * The swap-pause mode: how long the receiving application goes without a message while a live channel migrates.
 * Measured by the distribution's own soak ({@code patchbay soak}), run as a separate command so that the benchmark
 * module depends on no host code, with the same traffic's jitter without a migration as the baseline.
 */
package dev.patchbay.bench.harness.swap;
