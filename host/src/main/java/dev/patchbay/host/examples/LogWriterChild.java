package dev.patchbay.host.examples;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.Patchbay;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The writer of the durability lesson: connects to the reader's mapped log, appends its records, says WROTE, then
 * stays until the reader closes (so that the parent can kill it with the log open, as a crash would).
 *
 * @param address the {@code mmap:} address
 * @param records how many records to write
 * @param run     which start of the writer this is (1, then 2 after the crash), written into each record
 */
public record LogWriterChild(String address, int records, int run) {
    /** The arguments that make {@link #parse} give this child back. */
    String[] arguments() {
        return new String[] {address, Integer.toString(records), Integer.toString(run)};
    }

    /** The child from its command-line arguments. */
    public static LogWriterChild parse(java.util.List<String> args) {
        if (args.size() != 3) {
            throw new IllegalArgumentException("log writer takes 3 arguments, got " + args);
        }
        return new LogWriterChild(args.get(0), Integer.parseInt(args.get(1)), Integer.parseInt(args.get(2)));
    }

    /** The text of record {@code i}. */
    static String record(int run, long pid, int i) {
        return "writer run " + run + " (pid " + pid + ") record " + i;
    }

    /** Runs this writer on {@code host}'s mmap backend, telling the parent on {@code out} where it is. */
    public void run(Patchbay host, PrintStream out) {
        Address parsed = Address.parse(address);
        long pid = ProcessHandle.current().pid();
        try (Link link = host.transportFor(parsed).transport().connect(parsed, host.options().forAddress(parsed))) {
            for (int i = 0; i < records; i++) {
                link.send(ByteBuffer.wrap(record(run, pid, i).getBytes(StandardCharsets.UTF_8)));
            }
            out.println("WROTE " + records);
            out.flush();
            try {
                while (true) {
                    link.receive(m -> { }, 16, Duration.ofSeconds(1));
                }
            } catch (PeerClosedException e) {
                // The reader is done: close cleanly, and the last one out deletes the log files.
            }
        }
    }
}
