package dev.patchbay.transport.aeron;

import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;

import java.util.function.BooleanSupplier;

/** Opens one side and waits for the other, releasing everything if the peer does not come. */
final class AeronOpen {
    private AeronOpen() {
    }

    static Link open(AeronAddress address, Side side, LinkOptions options, BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + options.openTimeout().toNanos();
        AeronEnds ends = AeronEnds.open(address, side, options);
        try {
            return ends.awaitPeer(deadline, options.openTimeout().toMillis(), cancelled);
        } catch (RuntimeException e) {
            ends.close();
            throw e;
        }
    }
}
