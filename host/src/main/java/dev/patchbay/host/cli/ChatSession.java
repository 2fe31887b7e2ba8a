package dev.patchbay.host.cli;

import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.channel.Channel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two terminals talking: each line read from stdin becomes one message, each message received is printed as one
 * line. Ends when stdin ends (the channel is closed, which the peer sees) or when the peer closes.
 */
final class ChatSession {
    private ChatSession() {
    }

    static int run(Channel channel, InputStream in, PrintWriter out, PrintWriter err) {
        AtomicBoolean peerGone = new AtomicBoolean();
        Thread receiver = new Thread(() -> {
            try {
                while (channel.isOpen()) {
                    channel.receive((seq, m) -> {
                        byte[] bytes = new byte[m.remaining()];
                        m.get(bytes);
                        out.println(new String(bytes, StandardCharsets.UTF_8));
                        out.flush();
                    }, 64, Duration.ofMillis(500));
                }
            } catch (PeerClosedException e) {
                peerGone.set(true);
                err.println("patchbay: the peer closed the channel");
                err.flush();
                closeStdinReader(in);
            } catch (RuntimeException e) {
                if (channel.isOpen()) {
                    err.println("patchbay: " + e.getMessage());
                    err.flush();
                }
            }
        }, "patchbay-chat-receiver");
        receiver.setDaemon(true);
        receiver.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (!peerGone.get() && (line = lines.readLine()) != null) {
                channel.send(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            // stdin closed under us: the peer is gone.
        } catch (PeerClosedException e) {
            peerGone.set(true);
        }
        channel.close();
        return 0;
    }

    private static void closeStdinReader(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing left to do: we are exiting.
        }
    }
}
