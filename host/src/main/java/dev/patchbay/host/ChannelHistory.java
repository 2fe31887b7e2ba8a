package dev.patchbay.host;

import dev.patchbay.host.channel.ModuleSpec;
import dev.patchbay.host.module.TransportRef;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The module generations one channel has run on, newest first, for {@code rollback}. Written by whichever thread
 * ends a migration and read by the command that rolls back, so every access takes this object's lock. Bounded: a
 * channel patched all day keeps only its last {@value #KEPT}.
 */
final class ChannelHistory {
    private static final int KEPT = 16;

    /** A backend and generation a channel has run on. */
    record Used(String scheme, ModuleSpec spec) {
        static Used of(TransportRef ref) {
            return new Used(ref.transport().scheme(), ModuleSpec.of(ref.module()));
        }
    }

    private final Deque<Used> used = new ArrayDeque<>();

    ChannelHistory(TransportRef first) {
        used.push(Used.of(first));
    }

    synchronized void moved(TransportRef to) {
        used.push(Used.of(to));
        while (used.size() > KEPT) {
            used.removeLast();
        }
    }

    /** The newest generation other than {@code current}, if the channel ran on one. */
    synchronized Optional<Used> before(TransportRef current) {
        Used now = Used.of(current);
        return used.stream().filter(u -> !u.equals(now)).findFirst();
    }
}
