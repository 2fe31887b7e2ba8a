package dev.patchbay.api;

import org.pf4j.ExtensionPoint;

/**
 * A backend: one way of carrying messages between two processes, answering for one URI scheme.
 *
 * <p>Implementations are PF4J extensions ({@code @Extension}) in a plugin jar, found through the
 * {@code META-INF/extensions.idx} index that PF4J's annotation processor writes. The host may load two versions of
 * the same transport at once (an old and a patched generation); they share no static state, so keep state in
 * links, not in static fields.
 *
 * <p>Opening follows the socket model. One side {@linkplain #listen listens}: it creates the meeting point (a fifo,
 * a segment, a pipe pair) without waiting, and then {@linkplain Acceptor#accept accepts} the peer. The other side
 * {@linkplain #connect connects} to the address the listener reports. Both calls honour
 * {@link LinkOptions#openTimeout()}: no open waits forever.
 */
public interface Transport extends ExtensionPoint {

    /** The URI scheme this transport answers for, lower case, e.g. {@code "fifo"}. */
    String scheme();

    /** What links of this transport can do. */
    Capabilities capabilities();

    /**
     * Whether this transport works on this machine, decided once. The host lists an unavailable transport with
     * its cause instead of failing at the first open.
     */
    default Availability availability() {
        return Availability.AVAILABLE;
    }

    /**
     * The address parameters this transport reads, besides {@link LinkOptions#PARAMETERS} which every address takes.
     * The host refuses an address with any other (see {@link Address#requireKnownParams}), so that a typo is an
     * error and not a silent default. Empty: not declared, and nothing is checked.
     */
    default java.util.Optional<java.util.Set<String>> parameters() {
        return java.util.Optional.empty();
    }

    /**
     * Creates the meeting point named by {@code address} and returns at once; the peer may connect from then on.
     *
     * @throws AddressException if the address is not one this transport understands
     * @throws PatchbayException if the meeting point cannot be created
     */
    Acceptor listen(Address address, LinkOptions options);

    /**
     * Connects to a meeting point created by {@link #listen}, waiting at most {@link LinkOptions#openTimeout()}.
     *
     * @throws OpenTimeoutException naming what was waited on, when no listener appeared in time
     * @throws AddressException if the address is not one this transport understands
     */
    Link connect(Address address, LinkOptions options);
}
