package dev.patchbay.bench.harness.result;

/**
 * A round of back-to-back streaming: {@code messages} of payload {@code bytes} in total, timed from the first send
 * until the receiver had answered the end marker.
 */
public record ThroughputRound(long messages, long bytes, long nanos) implements RoundResult {

    public ThroughputRound {
        if (messages <= 0 || nanos <= 0) {
            throw new IllegalArgumentException("a streaming round needs messages and time: messages=" + messages
                    + ", nanos=" + nanos);
        }
    }

    public double messagesPerSecond() {
        return messages * 1e9 / nanos;
    }

    /** Payload megabytes (10^6 bytes) per second; framing is not counted. */
    public double megabytesPerSecond() {
        return bytes * 1e3 / nanos;
    }

    @Override
    public double headline() {
        return messagesPerSecond();
    }
}
