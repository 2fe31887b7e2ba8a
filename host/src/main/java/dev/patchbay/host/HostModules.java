package dev.patchbay.host;

import dev.patchbay.api.Address;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationException;
import dev.patchbay.host.channel.ModuleResolver;
import dev.patchbay.host.channel.ModuleSpec;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.TransportRef;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The host's bookkeeping of module generations around channels: finding the exact generation a peer names,
 * retiring generations that nothing uses any more, and rejecting patches that failed.
 */
final class HostModules implements ModuleResolver {
    private final ModuleRegistry registry;

    HostModules(ModuleRegistry registry) {
        this.registry = registry;
    }

    /**
     * For a peer's PREPARE: the address must pass {@link PeerAddressPolicy} and the module this host's own policy
     * (its pin list applies to the load, as to every load).
     */
    @Override
    public TransportRef resolve(Address address, ModuleSpec spec) {
        PeerAddressPolicy.check(address);
        return resolve(address.scheme(), spec);
    }

    /** The generation with this id and hash: loaded, retired (loaded again), or found by scanning the folder. */
    synchronized TransportRef resolve(String scheme, ModuleSpec spec) {
        TransportRef ref = resolveExactly(scheme, spec);
        wanted.put(ref.module(), System.nanoTime());
        return ref;
    }

    private TransportRef resolveExactly(String scheme, ModuleSpec spec) {
        Optional<BackendModule> hung = registry.hungWithHash(spec.sha256());
        if (hung.isPresent()) {
            throw new MigrationException("this host will not use module " + spec + " again: "
                    + hung.get().info().cause());
        }
        Optional<BackendModule> module = registry.find(spec.id(), spec.sha256());
        if (module.isEmpty()) {
            // Not loaded (or rejected earlier): the initiator asks for exactly this file, so load it afresh.
            module = registry.loadFileWithHash(spec.sha256());
        }
        BackendModule found = module.orElseThrow(() -> new MigrationException("this host lacks module " + spec
                + "; deploy the same jar into " + registry.pluginsDir()));
        if (found.state() == ModuleState.RETIRED) {
            found = registry.revive(found);
        }
        if (found.state() == ModuleState.FAILED) {
            // Refused by policy (the pin list), or it did not start: the cause says which.
            throw new MigrationException("this host will not load module " + spec + ": " + found.info().cause());
        }
        BackendModule started = found;
        return started.transport(scheme).map(t -> new TransportRef(started, t)).orElseThrow(() ->
                new MigrationException("module " + spec + " provides no '" + scheme + ":' transport here ("
                        + started.state() + ")"));
    }

    /** Resolves and claims under the lock that retiring takes, so the claimed generation cannot be retired. */
    @Override
    public synchronized TransportRef resolveAndClaim(Address address, ModuleSpec spec,
                                                     Consumer<TransportRef> claim) {
        TransportRef ref = resolve(address, spec);
        claim.accept(ref);
        // Claimed, it is in use for as long as the migration needs it. Kept, the mark would hold every generation a
        // peer moved to for 30 s after its channels left it: one more loaded generation per patch on this side.
        wanted.remove(ref.module());
        return ref;
    }

    /**
     * Retires every started generation that a newer generation of the same plugin supersedes and that no channel
     * uses: its class loader goes, its copy stays for a rollback.
     */
    synchronized void retireUnused(Collection<Channel> channels) {
        // One look at each channel per pass, not one per module: a patch of a thousand channels asks for many passes.
        Set<BackendModule> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Channel channel : channels) {
            for (TransportRef ref : channel.transportsInUse()) {
                used.add(ref.module());
            }
        }
        for (BackendModule module : registry.modules()) {
            if (module.state() == ModuleState.STARTED && !used.contains(module) && isSuperseded(module)
                    && !wantedLately(module)) {
                registry.retire(module);
            }
        }
    }

    /**
     * True if a rollback, a soak or a peer asked for exactly this generation within {@link #WANTED_GRACE_NANOS}:
     * between being found (revived, perhaps) and a migration claiming it, a generation must not be retired by a
     * pass on the maintenance thread.
     */
    private boolean wantedLately(BackendModule module) {
        Long at = wanted.get(module);
        if (at == null) {
            return false;
        }
        if (System.nanoTime() - at > WANTED_GRACE_NANOS) {
            wanted.remove(module);
            return false;
        }
        return true;
    }

    private static final long WANTED_GRACE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    private final java.util.Map<BackendModule, Long> wanted = new java.util.WeakHashMap<>();

    /** Rejects a generation whose patch failed, unless a channel still holds a link from it. */
    synchronized void reject(BackendModule module, String why, Collection<Channel> channels) {
        if (module.state() == ModuleState.STARTED && !inUse(module, channels)) {
            registry.reject(module, why);
        }
    }

    private boolean isSuperseded(BackendModule module) {
        return module.transports().stream()
                .map(t -> registry.resolve(t.scheme()))
                .allMatch(best -> best.isPresent() && best.get().module() != module);
    }

    static boolean inUse(BackendModule module, Collection<Channel> channels) {
        return channels.stream().anyMatch(c -> c.transportsInUse().stream().anyMatch(r -> r.module() == module));
    }
}
