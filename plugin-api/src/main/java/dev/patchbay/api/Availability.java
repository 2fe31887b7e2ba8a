package dev.patchbay.api;

import java.util.Objects;

/**
 * Whether a transport can work on this machine, and if not, why (Netty's {@code Epoll.isAvailable()} /
 * {@code unavailabilityCause()} idea).
 *
 * @param available true when links can be opened
 * @param cause     why not, in words a user can act on; empty when available
 */
public record Availability(boolean available, String cause) {
    /** The transport works here. */
    public static final Availability AVAILABLE = new Availability(true, "");

    public Availability {
        Objects.requireNonNull(cause, "cause");
    }

    /** The transport cannot work here, for the reason given. */
    public static Availability unavailable(String cause) {
        return new Availability(false, cause);
    }
}
