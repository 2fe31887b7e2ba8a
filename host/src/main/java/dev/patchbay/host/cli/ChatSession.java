package dev.patchbay.host.cli;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelHandler;

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
 * line. Ends when stdin ends (the channel is closed, which the peer sees), when the peer closes or dies, or when the
 * channel fails, whichever comes first: a read of stdin cannot be woken, so it runs on its own daemon thread and is
 * left behind. A failure (corrupt input from the peer, say) ends the session with its own exit status.
 */
final class ChatSession {
    private ChatSession() {
    }

    /** How the session ended: what to tell the user (null: nothing) and the exit status. */
    private record Ending(String why, int status) {
        static final Ending STDIN_ENDED = new Ending(null, ExitStatus.OK);
        static final Ending PEER_CLOSED = new Ending("the peer closed the channel", ExitStatus.OK);
        static final Ending CLOSED = new Ending("the channel closed", ExitStatus.OK);
    }

    static int run(Channel channel, InputStream in, PrintWriter out, PrintWriter err) {
        CompletableFuture<Ending> ended = new CompletableFuture<>();
        ChannelHandler print = (seq, m) -> {
            byte[] bytes = new byte[m.remaining()];
            m.get(bytes);
            out.println(new String(bytes, StandardCharsets.UTF_8));
            out.flush();
        };
        Thread receiver = new Thread(() -> {
            try {
                while (channel.isOpen()) {
                    channel.receive(print, 64, Duration.ofMillis(500));
                }
                // A link closes itself on a bad frame before the channel records why: an agent that read it may
                // still be reporting it. One more receive waits for the agent (it holds the read lock until then)
                // and throws the channel's own cause, so that the exit status says corrupt input, not a plain close.
                channel.receive(print, 64, Duration.ZERO);
                ended.complete(ending(channel, null));
            } catch (RuntimeException e) {
                ended.complete(ending(channel, e));
            }
        }, "patchbay-chat-receiver");
        receiver.setDaemon(true);
        receiver.start();
        Thread sender = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null && !ended.isDone(); line = lines.readLine()) {
                    channel.send(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                }
                ended.complete(Ending.STDIN_ENDED);
            } catch (IOException e) {
                ended.complete(new Ending("stdin: " + e.getMessage(), ExitStatus.of(ErrorCode.IO_FAILURE)));
            } catch (RuntimeException e) {
                ended.complete(ending(channel, e));
            }
        }, "patchbay-chat-stdin");
        sender.setDaemon(true);
        sender.start();
        Ending ending = ended.join();
        if (ending.why() != null) {
            err.println("patchbay: " + ending.why());
            err.flush();
        }
        channel.close();
        return ending.status();
    }

    /**
     * The channel's own failure comes first: the exception a thread saw may only be the consequence of the channel
     * having been closed because of it.
     */
    private static Ending ending(Channel channel, RuntimeException seen) {
        PatchbayException failure = channel.failure();
        RuntimeException cause = failure != null ? failure : seen;
        if (cause == null || cause instanceof LinkClosedException) {
            return Ending.CLOSED;
        }
        if (cause instanceof PeerClosedException) {
            return Ending.PEER_CLOSED;
        }
        String why = "channel " + channel.name() + " failed: " + cause.getMessage();
        if (cause instanceof PatchbayException p && p.code() == ErrorCode.CORRUPT_FRAME) {
            why += "; the channel is closed: check which program writes to " + channel.link().address();
        }
        return new Ending(why, ExitStatus.of(cause));
    }
}
