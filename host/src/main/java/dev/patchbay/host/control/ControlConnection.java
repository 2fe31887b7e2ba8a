package dev.patchbay.host.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One client of the control socket, owned by the server's selector thread: it reads one request line into a
 * buffer that never grows past the line limit, waits while a worker runs the command, then writes the answer.
 */
final class ControlConnection {
    enum Stage { READING, RUNNING, WRITING }

    private final SocketChannel channel;
    private final ByteBuffer in;
    private volatile ByteBuffer out;
    private SelectionKey key;
    private Stage stage = Stage.READING;
    private long deadline;

    ControlConnection(SocketChannel channel, int maxLineBytes, long deadline) {
        this.channel = channel;
        // One byte past the limit: a full buffer without a newline is a line that is too long.
        this.in = ByteBuffer.allocate(maxLineBytes + 1);
        this.deadline = deadline;
    }

    SocketChannel channel() {
        return channel;
    }

    void key(SelectionKey key) {
        this.key = key;
    }

    SelectionKey key() {
        return key;
    }

    Stage stage() {
        return stage;
    }

    long deadline() {
        return deadline;
    }

    /** The outcome of reading what has arrived. */
    sealed interface ReadResult {
        /** No whole line yet. */
        record Partial() implements ReadResult {
        }

        /** A whole request line. */
        record Line(String text) implements ReadResult {
        }

        /** More than the limit arrived without a newline. */
        record TooLong() implements ReadResult {
        }

        /** The client hung up before sending anything. */
        record Gone() implements ReadResult {
        }
    }

    ReadResult read() throws IOException {
        int n = channel.read(in);
        for (int i = 0; i < in.position(); i++) {
            if (in.get(i) == '\n') {
                return new ReadResult.Line(text(i));
            }
        }
        if (!in.hasRemaining()) {
            return new ReadResult.TooLong();
        }
        if (n < 0) {
            // A client that half-closes after its command without a newline still gets an answer.
            return in.position() == 0 ? new ReadResult.Gone() : new ReadResult.Line(text(in.position()));
        }
        return new ReadResult.Partial();
    }

    private String text(int length) {
        return new String(in.array(), 0, length, StandardCharsets.UTF_8).strip();
    }

    /** A worker has taken the command. */
    void running() {
        stage = Stage.RUNNING;
    }

    /** Sets the answer: result lines and the final line; the selector thread writes it. */
    void answer(List<String> lines, String last) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        text.append(last).append('\n');
        out = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Starts writing the answer set by {@link #answer}; the client has until {@code deadline} to read it. */
    void writing(long deadline) {
        this.stage = Stage.WRITING;
        this.deadline = deadline;
    }

    /** @return true once the whole answer is written */
    boolean write() throws IOException {
        channel.write(out);
        return !out.hasRemaining();
    }

    void close() {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already gone: nothing more to release.
        }
    }
}
