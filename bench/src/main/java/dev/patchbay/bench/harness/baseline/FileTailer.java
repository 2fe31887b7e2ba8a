package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.MessageHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The reading end of one direction of a {@code filechannel:} link ({@link FileLogLayout}): reads what the file
 * holds beyond what it has read, with positional reads into one buffer, and hands over the whole records in it.
 * A record that is only partly in the buffer waits there for the rest. Deletes each file once it has read it.
 */
final class FileTailer implements AutoCloseable {
    private final Path dir;
    private final String direction;
    /** Bytes read but not yet handed over, between position and limit. */
    private final ByteBuffer buffer;
    /** What handlers see: the same memory, one record's payload at a time. */
    private final ByteBuffer view;
    private FileChannel channel;
    private long index;
    private long readPosition;
    private boolean ended;

    private FileTailer(Path dir, String direction, FileChannel channel) {
        this.dir = dir;
        this.direction = direction;
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(FileLogLayout.LENGTH_BYTES + FileLogLayout.MAX_MESSAGE)
                .order(FileLogLayout.ORDER);
        this.view = buffer.duplicate().order(FileLogLayout.ORDER);
        buffer.limit(0);
    }

    /** Opens the direction's first file, which its writer has made. */
    static FileTailer open(Path dir, String direction) throws IOException {
        return new FileTailer(dir, direction, FileChannel.open(FileLogLayout.file(dir, direction, 0),
                StandardOpenOption.READ));
    }

    /** Hands up to {@code limit} messages that are there to {@code handler}; 0 when none are. */
    int poll(MessageHandler handler, int limit) throws IOException {
        int delivered = 0;
        while (delivered < limit && !ended) {
            if (buffer.remaining() < FileLogLayout.LENGTH_BYTES) {
                if (!fill()) {
                    break;
                }
                continue;
            }
            int length = buffer.getInt(buffer.position());
            if (length == FileLogLayout.ROLL) {
                nextFile();
                continue;
            }
            if (length == FileLogLayout.CLOSE) {
                ended = true;
                break;
            }
            if (length < 0 || length > FileLogLayout.MAX_MESSAGE) {
                throw new CorruptFrameException("record of " + length + " bytes in " + file(index));
            }
            if (buffer.remaining() < FileLogLayout.LENGTH_BYTES + length) {
                if (!fill()) {
                    break;
                }
                continue;
            }
            int start = buffer.position() + FileLogLayout.LENGTH_BYTES;
            buffer.position(start + length);
            view.limit(start + length).position(start);
            handler.onMessage(view);
            delivered++;
        }
        return delivered;
    }

    /** True once the writer closed the log and everything before that has been handed over. */
    boolean ended() {
        return ended;
    }

    /** Reads what the file has beyond what was read; false when it has nothing new. */
    private boolean fill() throws IOException {
        buffer.compact();
        int read = channel.read(buffer, readPosition);
        buffer.flip();
        if (read <= 0) {
            return false;
        }
        readPosition += read;
        return true;
    }

    private void nextFile() throws IOException {
        FileChannel next = FileChannel.open(file(index + 1), StandardOpenOption.READ);
        channel.close();
        Files.deleteIfExists(file(index));
        channel = next;
        index++;
        readPosition = 0;
        buffer.clear().limit(0);
    }

    private Path file(long i) {
        return FileLogLayout.file(dir, direction, i);
    }

    /** Closes the file, and deletes it and any the writer made after it: nobody will read them now. */
    @Override
    public void close() throws IOException {
        channel.close();
        for (long i = index; i <= index + FileLogLayout.FILES_AHEAD; i++) {
            Files.deleteIfExists(file(i));
        }
    }
}
