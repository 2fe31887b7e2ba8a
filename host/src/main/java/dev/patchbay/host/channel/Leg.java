package dev.patchbay.host.channel;

import dev.patchbay.api.Link;
import dev.patchbay.host.module.TransportRef;

/** A link and the transport (module generation) it was opened with. */
record Leg(Link link, TransportRef transport) {

    @Override
    public String toString() {
        return link.address() + " (" + transport.module().label() + ")";
    }
}
