package dev.patchbay.bench.harness.contender;

import dev.patchbay.api.Address;

import java.util.List;
import java.util.Map;

/** Patchbay's own side of each comparison: the harness's Java sender and receiver over one backend. */
public final class PatchbayContenders {
    /** How pipes and fifos wait, through {@code FdStream}. */
    public static final String POLL_WAIT = "non-blocking descriptors; a waiting side sleeps in poll(2) (no spinning)";

    private PatchbayContenders() {
    }

    /**
     * A backend whose listener spawns its peer, as {@code pipe:child?exec=...} does: the sender listens with the
     * receiver's command line in the address, and the receiver connects to {@code <scheme>:stdio}.
     */
    public static Contender spawnedChild(String scheme, JavaCommand java) {
        return new CommandContender("Patchbay " + scheme, POLL_WAIT, false, spec -> {
            List<String> receiver = java.receiver(spec, "--connect", scheme + ":stdio");
            Address listen = Address.of(scheme, "child", Map.of("exec", JavaCommand.shellLine(receiver)));
            return PairCommands.senderSpawnsReceiver(java.sender(spec, "--listen", listen.toString()));
        });
    }

    /**
     * A backend where unrelated processes meet by name, as {@code fifo:<name>} does: the receiver listens on
     * {@code <scheme>:<session id>} and the sender connects to it.
     */
    public static Contender namedMeeting(String scheme, String waitStrategy, boolean busySpins, JavaCommand java) {
        return new CommandContender("Patchbay " + scheme, waitStrategy, busySpins, spec -> {
            String address = scheme + ":" + spec.id();
            return PairCommands.separate(java.receiver(spec, "--listen", address),
                    java.sender(spec, "--connect", address));
        });
    }
}
