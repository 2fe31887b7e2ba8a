package dev.patchbay.bench.harness.peer;

import dev.patchbay.api.Link;

/**
 * The receiver process of a Patchbay pair: opens the link and answers the sender until it closes. Exits 0 when the
 * sender closed the link, 3 on a bad message (a sequence gap, a wrong size), which the sender sees as its peer
 * closing.
 *
 * <p>{@code ReceiverMain (--listen|--connect) <address> --size <bytes>}
 */
public final class ReceiverMain {
    private ReceiverMain() {
    }

    public static void main(String[] args) {
        PeerArgs peer = PeerArgs.parse(args);
        try (Link link = peer.open()) {
            new Receiver(link, peer.size()).run();
        } catch (RuntimeException e) {
            System.err.println("receiver: " + e.getMessage());
            System.exit(3);
        }
        System.exit(0);
    }
}
