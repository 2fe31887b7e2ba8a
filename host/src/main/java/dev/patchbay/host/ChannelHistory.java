package dev.patchbay.host;

import dev.patchbay.host.channel.ModuleSpec;
import dev.patchbay.host.module.TransportRef;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The module generations one channel has run on, newest first, for {@code rollback}. Written by whichever thread
 * ends a migration and read by the command that rolls back, so every access takes this object's lock.
 *
 * <p>Rollback asks only for the newest generation other than the current one, and a generation is recorded once
 * however often the channel moves to it in a row, so the last {@value #KEPT} answer it exactly as a longer history
 * would: a channel's cost stays the same after one patch as after a hundred.
 */
final class ChannelHistory {
    static final int KEPT = 2;

    /** A backend and generation a channel has run on. */
    record Used(String scheme, ModuleSpec spec) {
        static Used of(TransportRef ref) {
            return new Used(ref.transport().scheme(), ModuleSpec.of(ref.module()));
        }
    }

    private final Deque<Used> used = new ArrayDeque<>(KEPT + 1);

    ChannelHistory(TransportRef first) {
        used.push(Used.of(first));
    }

    synchronized void moved(TransportRef to) {
        Used now = Used.of(to);
        if (now.equals(used.peek())) {
            return;
        }
        used.push(now);
        while (used.size() > KEPT) {
            used.removeLast();
        }
    }

    /** How many generations are recorded: for tests that check the history stays bounded. */
    synchronized int size() {
        return used.size();
    }

    /** The newest generation other than {@code current}, if the channel ran on one. */
    synchronized Optional<Used> before(TransportRef current) {
        Used now = Used.of(current);
        return used.stream().filter(u -> !u.equals(now)).findFirst();
    }
}
