package dev.patchbay.host.channel;

import dev.patchbay.host.module.TransportRef;

import java.util.function.Consumer;

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

    /**
     * Resolves as {@link #resolve} and hands the result to {@code claim} before anything can retire it: a host
     * that retires generations in the background does both under the lock it retires under.
     */
    default TransportRef resolveAndClaim(String scheme, ModuleSpec spec, Consumer<TransportRef> claim) {
        TransportRef ref = resolve(scheme, spec);
        claim.accept(ref);
        return ref;
    }
}
