package dev.patchbay.transport.shm;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.LinkOptions;

import java.time.Duration;

/**
 * A process that listens on a shm address, says {@code READY} on stdout, and waits for a peer until its stdin
 * closes (or it is killed): {@code <address>}.
 */
public final class ShmListenerMain {
    private ShmListenerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Acceptor acceptor = new ShmTransport().listen(Address.parse(args[0]), LinkOptions.DEFAULTS)) {
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the segment until told to go.
            }
            acceptor.accept(Duration.ZERO);
        } catch (RuntimeException e) {
            // No peer came: the acceptor removed the segment on close, which is what the test looks at.
        }
    }
}
