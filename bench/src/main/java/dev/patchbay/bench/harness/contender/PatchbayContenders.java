package dev.patchbay.bench.harness.contender;

import dev.patchbay.api.Address;
import dev.patchbay.bench.harness.peer.ReceiverMain;
import dev.patchbay.bench.harness.peer.SenderMain;

import java.util.List;
import java.util.Map;

/** Patchbay's own side of each comparison: {@link SenderMain} and {@link ReceiverMain} over one backend. */
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
            List<String> receiver = java.command(spec, ReceiverMain.class, "--connect", scheme + ":stdio",
                    "--size", Integer.toString(spec.size()));
            Address listen = Address.of(scheme, "child", Map.of("exec", JavaCommand.shellLine(receiver)));
            return PairCommands.senderSpawnsReceiver(senderCommand(java, spec, "--listen", listen.toString()));
        });
    }

    /**
     * A backend where unrelated processes meet by name, as {@code fifo:<name>} does: the receiver listens on
     * {@code <scheme>:<session id>} and the sender connects to it.
     */
    public static Contender namedMeeting(String scheme, JavaCommand java) {
        return new CommandContender("Patchbay " + scheme, POLL_WAIT, false, spec -> {
            String address = scheme + ":" + spec.id();
            List<String> receiver = java.command(spec, ReceiverMain.class, "--listen", address,
                    "--size", Integer.toString(spec.size()));
            return PairCommands.separate(receiver, senderCommand(java, spec, "--connect", address));
        });
    }

    private static List<String> senderCommand(JavaCommand java, SessionSpec spec, String how, String address) {
        return java.command(spec, SenderMain.class, how, address, "--size", Integer.toString(spec.size()),
                "--rate", Long.toString(spec.rate()));
    }
}
