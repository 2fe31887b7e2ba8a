package dev.patchbay.host.demo;

import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.channel.Channel;

import java.time.Duration;

/** The demo's other process: sends every message back as it came, until the channel closes. */
public final class EchoPeer {
    private EchoPeer() {
    }

    /** Echoes until the peer closes; returns how many messages were echoed. */
    public static long run(Channel channel) {
        long echoed = 0;
        try {
            while (true) {
                echoed += channel.receive((seq, message) -> channel.send(message), 256, Duration.ofSeconds(1));
            }
        } catch (PeerClosedException e) {
            return echoed;
        } finally {
            channel.close();
        }
    }
}
