package dev.patchbay.bench.harness.result;

/** What one contender measured in one round. */
public sealed interface RoundResult permits LatencyRound, ThroughputRound {

    /** The figure rounds are compared by: median latency in microseconds, or messages per second. */
    double headline();
}
