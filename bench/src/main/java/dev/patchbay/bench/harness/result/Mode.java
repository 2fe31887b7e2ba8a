package dev.patchbay.bench.harness.result;

/**
 * What a round measures. Every ratio is Patchbay's figure divided by the baseline's; whether a high or a low ratio
 * is good depends on the mode.
 */
public enum Mode {
    /** Back-to-back streaming: messages per second at the sender until the receiver has taken in the last one. */
    THROUGHPUT("throughput", "messages/s", true),
    /** Round trips at a fixed rate: median latency from the intended send time to the echo's arrival. */
    ROUND_TRIP("round trip p50", "µs", false);

    private final String label;
    private final String unit;
    private final boolean higherIsBetter;

    Mode(String label, String unit, boolean higherIsBetter) {
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
    }

    /** How the mode is named in tables and charts. */
    public String label() {
        return label;
    }

    /** The unit of the headline figure. */
    public String unit() {
        return unit;
    }

    /** True when a larger headline figure (and ratio) is better. */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }
}
