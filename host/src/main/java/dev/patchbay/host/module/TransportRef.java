package dev.patchbay.host.module;

import dev.patchbay.api.Transport;

/**
 * A transport together with the module generation it came from, so that a channel knows which generation it uses
 * and the host knows when a generation is no longer used.
 */
public record TransportRef(BackendModule module, Transport transport) {

    /** {@code scheme via id@version}. */
    @Override
    public String toString() {
        return transport.scheme() + " via " + module.label();
    }
}
