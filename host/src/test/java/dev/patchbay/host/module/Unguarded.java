package dev.patchbay.host.module;

import dev.patchbay.api.Transport;

/** For tests in other packages: the module's own transport behind the host's guard. */
public final class Unguarded {
    private Unguarded() {
    }

    public static Transport of(Transport transport) {
        return GuardedTransport.unwrap(transport);
    }
}
