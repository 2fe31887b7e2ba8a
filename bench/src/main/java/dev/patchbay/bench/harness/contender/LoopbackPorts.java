package dev.patchbay.bench.harness.contender;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Two UDP ports on 127.0.0.1 that were free a moment ago, for the {@code endpoint} and {@code control} of one
 * session's Aeron pair. Both sockets are held until both are known, so the two differ; the pair binds them again
 * within a second, and a port taken meanwhile fails the session with the driver's bind error, never elsewhere.
 */
record LoopbackPorts(int endpoint, int control) {

    static LoopbackPorts pick() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(loopback, 0));
             DatagramSocket b = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            return new LoopbackPorts(a.getLocalPort(), b.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on " + loopback, e);
        }
    }

    /** The query both sides' addresses carry. */
    String query() {
        return "endpoint=127.0.0.1:" + endpoint + "&control=127.0.0.1:" + control;
    }
}
