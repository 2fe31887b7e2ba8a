package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.PeerClosedException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;

/**
 * The writing end of one direction of a {@code filechannel:} link ({@link FileLogLayout}): appends each message as
 * one record with one gathering {@link FileChannel#write(ByteBuffer[])}, and never forces it to the disk, so that
 * the kernel writes the pages back in its own time, as Patchbay's mmap backend does with {@code durability=none}.
 */
final class FileAppender implements AutoCloseable {
    private final Path dir;
    private final String direction;
    private final long rollSize;
    private final ByteBuffer header = ByteBuffer.allocateDirect(FileLogLayout.LENGTH_BYTES).order(FileLogLayout.ORDER);
    private final ByteBuffer[] record = {header, null};
    private final PollingBackoff backoff = new PollingBackoff();
    private FileChannel channel;
    private long index;
    private long position;

    private FileAppender(Path dir, String direction, long rollSize, FileChannel channel) {
        this.dir = dir;
        this.direction = direction;
        this.rollSize = rollSize;
        this.channel = channel;
    }

    /** Makes the direction's first file, which must not exist yet. */
    static FileAppender create(Path dir, String direction, long rollSize) throws IOException {
        return new FileAppender(dir, direction, rollSize, newFile(FileLogLayout.file(dir, direction, 0)));
    }

    private static FileChannel newFile(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * Appends the message between the buffer's position and limit, going on in a new file first if it would not fit
     * this one (a record longer than a file gets one of its own).
     *
     * @param peerClosed true once the reader is known to be gone, which ends a wait for it to catch up
     */
    void append(ByteBuffer message, BooleanSupplier peerClosed) throws IOException {
        int length = message.remaining();
        long recordLength = FileLogLayout.LENGTH_BYTES + (long) length;
        if (position > 0 && position + recordLength + FileLogLayout.LENGTH_BYTES > rollSize) {
            roll(peerClosed);
        }
        header.clear();
        header.putInt(0, length);
        record[1] = message;
        try {
            long left = recordLength;
            while (left > 0) {
                left -= channel.write(record);
            }
        } finally {
            record[1] = null;
        }
        position += recordLength;
    }

    /**
     * Makes the next file, then marks the end of this one: a reader that meets the mark finds the next file there.
     * Waits first while the reader is {@link FileLogLayout#FILES_AHEAD} files behind.
     */
    private void roll(BooleanSupplier peerClosed) throws IOException {
        long next = index + 1;
        Path unread = FileLogLayout.file(dir, direction, next - FileLogLayout.FILES_AHEAD);
        backoff.reset();
        while (next >= FileLogLayout.FILES_AHEAD && Files.exists(unread)) {
            if (peerClosed.getAsBoolean() || !Files.isDirectory(dir)) {
                throw new PeerClosedException("the reader of " + dir + " " + direction + " is gone");
            }
            backoff.idle();
        }
        FileChannel nextChannel = newFile(FileLogLayout.file(dir, direction, next));
        mark(FileLogLayout.ROLL);
        channel.close();
        channel = nextChannel;
        index = next;
        position = 0;
    }

    private void mark(int value) throws IOException {
        header.clear();
        header.putInt(0, value);
        while (header.hasRemaining()) {
            channel.write(header);
        }
        position += FileLogLayout.LENGTH_BYTES;
    }

    /** Marks the end of the log, so that the reader knows the link is closed, and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            mark(FileLogLayout.CLOSE);
        } finally {
            channel.close();
        }
    }
}
