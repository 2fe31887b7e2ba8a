package dev.patchbay.api.stream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The few operations a byte-stream medium must offer so that {@link StreamLink} can frame messages over it.
 * Transports usually build one from method references: {@code ByteStream.of(fd::read, fd::write, fd::close)}.
 */
public interface ByteStream extends AutoCloseable {

    /**
     * Reads into {@code dst}, waiting up to {@code timeoutNanos} for the first byte.
     *
     * @return the number of bytes read (&gt; 0), 0 when nothing arrived in time, or -1 at end of stream
     *         (the writer closed or died)
     */
    int read(ByteBuffer dst, long timeoutNanos) throws IOException;

    /**
     * Writes every byte between {@code src}'s position and limit, blocking while the medium is full.
     *
     * @return false when the reader is gone (broken pipe); true when everything was written
     */
    boolean write(ByteBuffer src) throws IOException;

    /** Releases the medium and wakes a thread blocked in {@link #read} or {@link #write}. Never throws. */
    @Override
    void close();

    /** Reads with a timeout; see {@link ByteStream#read}. */
    @FunctionalInterface
    interface Reader {
        int read(ByteBuffer dst, long timeoutNanos) throws IOException;
    }

    /** Writes everything; see {@link ByteStream#write}. */
    @FunctionalInterface
    interface Writer {
        boolean write(ByteBuffer src) throws IOException;
    }

    /** A stream made of a reader, a writer and what closes them. */
    static ByteStream of(Reader reader, Writer writer, Runnable closer) {
        return new ByteStream() {
            @Override
            public int read(ByteBuffer dst, long timeoutNanos) throws IOException {
                return reader.read(dst, timeoutNanos);
            }

            @Override
            public boolean write(ByteBuffer src) throws IOException {
                return writer.write(src);
            }

            @Override
            public void close() {
                closer.run();
            }
        };
    }
}
