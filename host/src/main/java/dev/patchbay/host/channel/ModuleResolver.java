package dev.patchbay.host.channel;

import dev.patchbay.api.Address;
import dev.patchbay.host.module.TransportRef;

/**
 * How the peer side of a migration finds the module generation the initiator names, and whether it may connect
 * where the initiator says: a PREPARE comes from another process, so the host's own policy decides both.
 */
@FunctionalInterface
public interface ModuleResolver {
    /**
     * The transport for {@code address}'s scheme from exactly the generation {@code spec} names, loading it if this
     * host has the file and its policy allows it.
     *
     * @throws MigrationException saying what is missing or refused, and why: the peer reads it in a REFUSE
     */
    TransportRef resolve(Address address, ModuleSpec spec);
}
