package dev.patchbay.bench.harness.baseline;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The files of a {@code filechannel:} link, all in the folder its address names: one log per direction,
 * {@code a2b} written by the listener and {@code b2a} by the connector, cut into numbered files
 * ({@code a2b.0}, {@code a2b.1}, ...) that the reader deletes once read.
 *
 * <pre>
 *   record:  | length: i32 LE | payload: length bytes |      a message
 *            | -1             |                            the log goes on in the next file, which exists
 *            | -2             |                            the writer closed the link; nothing follows
 * </pre>
 *
 * <p>A record is appended with one gathering write. The kernel grows a file's size only over bytes already
 * copied into it, and a read sees no further than that size, so a reader never sees part of a record as if it
 * were whole: it only waits for the rest.
 */
final class FileLogLayout {
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    static final int LENGTH_BYTES = Integer.BYTES;
    static final int ROLL = -1;
    static final int CLOSE = -2;
    static final String LISTENER_WRITES = "a2b";
    static final String CONNECTOR_WRITES = "b2a";
    /** Bytes per file before the writer goes on in the next, as for Patchbay's mmap backend. */
    static final long DEFAULT_ROLL_SIZE = 16L << 20;
    /** The largest message: a reader holds the longest record in its buffer. */
    static final int MAX_MESSAGE = 1 << 20;
    /**
     * How many files a writer may run ahead of its reader: it waits before making file n until file
     * n - {@value} has been read and deleted, which bounds the disk a stalled reader can cost.
     */
    static final int FILES_AHEAD = 4;

    private FileLogLayout() {
    }

    /** File {@code index} of a direction's log. */
    static Path file(Path dir, String direction, long index) {
        return dir.resolve(direction + "." + index);
    }

    /** Deletes the folder and the files in it, as far as it can: what is left goes with the run's work folder. */
    static void deleteFolder(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // Already gone, or the peer is still writing a file into it: best effort.
        }
    }
}
