package dev.patchbay.host.channel;

import dev.patchbay.host.module.TransportRef;

/** How the peer side of a migration finds the module generation the initiator names. */
@FunctionalInterface
public interface ModuleResolver {
    /**
     * The transport for {@code scheme} from exactly the generation {@code spec} names, loading it if this host has
     * the file.
     *
     * @throws MigrationException saying what is missing, if this host does not have that generation
     */
    TransportRef resolve(String scheme, ModuleSpec spec);
}
