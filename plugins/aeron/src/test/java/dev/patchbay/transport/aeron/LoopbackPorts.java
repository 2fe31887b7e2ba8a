package dev.patchbay.transport.aeron;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** UDP ports free on loopback a moment ago, for tests that name their endpoints. */
final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** An {@code aeron:udp} address on two such ports. */
    static String udpAddress() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(loopback, 0));
             DatagramSocket b = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            return "aeron:udp?endpoint=127.0.0.1:" + a.getLocalPort() + "&control=127.0.0.1:" + b.getLocalPort();
        }
    }
}
