package dev.patchbay.bench.harness.contender;

import java.util.List;
import java.util.Optional;

/**
 * How to start the two processes of a session.
 *
 * @param receiver the receiver's command line, started first; empty when the sender starts the receiver itself
 *                 (a pipe's child) and reports its pid
 * @param sender   the sender's command line; the launcher drives it over stdin and stdout
 */
public record PairCommands(Optional<List<String>> receiver, List<String> sender) {

    public PairCommands {
        receiver = receiver.map(List::copyOf);
        sender = List.copyOf(sender);
    }

    /** A pair whose sender spawns the receiver. */
    public static PairCommands senderSpawnsReceiver(List<String> sender) {
        return new PairCommands(Optional.empty(), sender);
    }

    /** Two unrelated processes, the receiver started first. */
    public static PairCommands separate(List<String> receiver, List<String> sender) {
        return new PairCommands(Optional.of(receiver), sender);
    }
}
