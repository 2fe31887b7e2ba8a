package dev.patchbay.api.testkit;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Link;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A link to a peer process, and the process itself so that a test can kill it. */
public record PeerSession(Link link, ProcessHandle process) implements AutoCloseable {

    /**
     * Accepts {@code peer} on {@code acceptor} (closed afterwards) within {@code timeout}; kills the peer if that
     * fails.
     */
    public static PeerSession accept(Acceptor acceptor, Process peer, Duration timeout) {
        try (acceptor) {
            return new PeerSession(acceptor.accept(timeout), peer.toHandle());
        } catch (RuntimeException e) {
            peer.destroyForcibly();
            throw e;
        }
    }

    /** Closes the link and kills the peer if it is still there. */
    @Override
    public void close() {
        link.close();
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("peer " + process.pid() + " did not exit after SIGKILL", e);
        }
    }
}
