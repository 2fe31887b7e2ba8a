/** The figures: rounds of latency and throughput, their spreads, and the comparisons against targets. */
package dev.patchbay.bench.harness.result;
