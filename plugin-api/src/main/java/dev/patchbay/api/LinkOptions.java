package dev.patchbay.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings the host passes to every open. An address may override them with {@code ?openTimeout=...} and
 * {@code ?maxMessage=...}; use {@link #forAddress(Address)} to apply those.
 *
 * @param openTimeout    how long {@link Transport#connect} and {@link Acceptor#accept} wait for the peer
 * @param maxMessageSize the largest message accepted in either direction, in bytes; a longer frame is an error,
 *                       never an allocation
 */
public record LinkOptions(Duration openTimeout, int maxMessageSize) {
    /** 5 seconds to meet, messages up to 8 MiB. */
    public static final LinkOptions DEFAULTS = new LinkOptions(Duration.ofSeconds(5), 8 << 20);

    public LinkOptions {
        Objects.requireNonNull(openTimeout, "openTimeout");
        if (openTimeout.isNegative()) {
            throw new IllegalArgumentException("openTimeout must not be negative, was " + openTimeout);
        }
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("maxMessageSize must be >= 0, was " + maxMessageSize);
        }
    }

    /** The address parameters every transport takes, read by {@link #forAddress}. */
    public static final java.util.Set<String> PARAMETERS = java.util.Set.of("openTimeout", "maxMessage");

    /** These options with the overrides the address carries ({@code openTimeout}, {@code maxMessage}). */
    public LinkOptions forAddress(Address address) {
        long max = address.sizeParam("maxMessage", maxMessageSize);
        if (max > Integer.MAX_VALUE - 64) {
            throw new AddressException(address + ": maxMessage=" + max + " is too large; the limit is 2 GiB");
        }
        return new LinkOptions(address.durationParam("openTimeout", openTimeout), (int) max);
    }

    /** A copy with another open timeout. */
    public LinkOptions withOpenTimeout(Duration timeout) {
        return new LinkOptions(timeout, maxMessageSize);
    }

    /** A copy with another message size limit. */
    public LinkOptions withMaxMessageSize(int max) {
        return new LinkOptions(openTimeout, max);
    }
}
