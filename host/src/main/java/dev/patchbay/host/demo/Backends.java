package dev.patchbay.host.demo;

import dev.patchbay.api.AddressException;
import dev.patchbay.host.module.ModuleInfo;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backends a demo or a soak moves a channel through: every scheme a loaded module serves and that works on this
 * machine (a third party's as much as ours), or the ones the user named. Addresses are the host's to choose: a named
 * backend gets {@code <scheme>:<channel>-<pid>-<n>}, a pipe a fresh pipe pair.
 */
public final class Backends {
    /** Ours first, in the order the demo shows them; any other scheme follows in alphabetical order, then pipe. */
    private static final List<String> FIRST = List.of("fifo", "shm", "mmap", "nshm");

    private Backends() {
    }

    /** Every scheme a started module serves whose transport is available here, ours first. */
    public static List<String> loaded(ModuleRegistry modules) {
        Set<String> schemes = new TreeSet<>();
        for (ModuleInfo module : modules.list()) {
            if (module.state() == ModuleState.STARTED) {
                schemes.addAll(module.schemes());
            }
        }
        List<String> usable = new ArrayList<>();
        for (String scheme : schemes) {
            modules.resolve(scheme).filter(r -> r.transport().availability().available())
                    .ifPresent(r -> usable.add(scheme));
        }
        usable.sort(Comparator.comparingInt(Backends::rank).thenComparing(Comparator.naturalOrder()));
        return usable;
    }

    /**
     * The schemes {@code requested} names, in the tour's order; when it names none, every loaded one that stays on
     * this machine: a backend that crosses machines (aeron) opens network sockets, so it joins a tour only by name.
     *
     * @param option how the user named them, for the message ({@code soak --backends})
     * @throws AddressException naming the schemes no loaded module serves, and listing the loaded ones
     */
    public static List<String> chosen(ModuleRegistry modules, Collection<String> requested, String option) {
        List<String> loaded = loaded(modules);
        if (requested.isEmpty()) {
            return loaded.stream().filter(scheme -> modules.resolve(scheme)
                    .map(r -> !r.transport().capabilities().crossesMachines()).orElse(false)).toList();
        }
        Set<String> unknown = new TreeSet<>(requested);
        unknown.removeAll(loaded);
        if (!unknown.isEmpty()) {
            throw new AddressException(option + ": no backend serves " + String.join(", ", unknown)
                    + " here; loaded schemes: " + (loaded.isEmpty() ? "none" : String.join(", ", loaded))
                    + " (`patchbay plugins` says why a module is not loaded)");
        }
        return loaded.stream().filter(requested::contains).toList();
    }

    private static int rank(String scheme) {
        int i = FIRST.indexOf(scheme);
        return scheme.equals("pipe") ? FIRST.size() + 1 : i < 0 ? FIRST.size() : i;
    }
}
