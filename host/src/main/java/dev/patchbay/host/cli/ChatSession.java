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
import java.util.concurrent.CompletableFuture;

/**
 * Two terminals talking: each line read from stdin becomes one message, each message received is printed as one
 * line. Ends when stdin ends (the channel is closed, which the peer sees) or when the peer closes or dies, whichever
 * comes first: a read of stdin cannot be woken, so it runs on its own daemon thread and is left behind.
 */
final class ChatSession {
    private ChatSession() {
    }

    static int run(Channel channel, InputStream in, PrintWriter out, PrintWriter err) {
        CompletableFuture<String> ended = new CompletableFuture<>();
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
                ended.complete("the channel closed");
            } catch (PeerClosedException e) {
                ended.complete("the peer closed the channel");
            } catch (RuntimeException e) {
                ended.complete(channel.isOpen() ? e.getMessage() : "the channel closed");
            }
        }, "patchbay-chat-receiver");
        receiver.setDaemon(true);
        receiver.start();
        Thread sender = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null && !ended.isDone(); line = lines.readLine()) {
                    channel.send(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                }
                ended.complete(null);
            } catch (PeerClosedException e) {
                ended.complete("the peer closed the channel");
            } catch (IOException | RuntimeException e) {
                ended.complete(channel.isOpen() ? "stdin: " + e.getMessage() : "the channel closed");
            }
        }, "patchbay-chat-stdin");
        sender.setDaemon(true);
        sender.start();
        String why = ended.join();
        if (why != null) {
            err.println("patchbay: " + why);
            err.flush();
        }
        channel.close();
        return ExitStatus.OK;
    }
}
