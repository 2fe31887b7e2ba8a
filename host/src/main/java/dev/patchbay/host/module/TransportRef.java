package dev.patchbay.host.module;

import dev.patchbay.api.Transport;

/**
 * A transport together with the module generation it came from, so that a channel knows which generation it uses
 * and the host knows when a generation is no longer used.
 */
public record TransportRef(BackendModule module, Transport transport) {

    /**
     * The module's own transport object, without the host's guard around its opens: its class is the plugin's, for
     * checks that a generation's classes are released.
     */
    public Transport implementation() {
        return GuardedTransport.unwrap(transport);
    }

    /** {@code scheme via id@version}. */
    @Override
    public String toString() {
        return transport.scheme() + " via " + module.label();
    }
}
