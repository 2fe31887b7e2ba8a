package dev.patchbay.host.channel;

import dev.patchbay.api.Address;
import dev.patchbay.host.module.TransportRef;

import java.util.function.Consumer;

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

    /**
     * Resolves as {@link #resolve} and hands the result to {@code claim} before anything can retire it: a host
     * that retires generations in the background does both under the lock it retires under.
     */
    default TransportRef resolveAndClaim(Address address, ModuleSpec spec, Consumer<TransportRef> claim) {
        TransportRef ref = resolve(address, spec);
        claim.accept(ref);
        return ref;
    }
}
