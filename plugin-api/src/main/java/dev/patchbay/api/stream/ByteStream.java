package dev.patchbay.api.stream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The few operations a byte-stream medium must offer so that {@link StreamLink} can frame messages over it.
 * Transports usually build one from method references: {@code ByteStream.of(fd::read, fd::write, fd::close)}, or
 * {@code ByteStream.of(fd::read, fd::write, fd::write, fd::close)} when the medium can gather two buffers in one
 * write.
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

    /**
     * Writes every byte of {@code first}, then every byte of {@code second}, as if they were one buffer. A medium that
     * can hand both to one system call (writev(2)) should, so that a frame's header and a large payload need neither
     * a copy nor a second call; by default the two are written one after the other.
     *
     * @return false when the reader is gone (broken pipe); true when everything was written
     */
    default boolean write(ByteBuffer first, ByteBuffer second) throws IOException {
        return write(first) && write(second);
    }

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

    /** Writes two buffers as one; see {@link ByteStream#write(ByteBuffer, ByteBuffer)}. */
    @FunctionalInterface
    interface GatheringWriter {
        boolean write(ByteBuffer first, ByteBuffer second) throws IOException;
    }

    /** A stream made of a reader, a writer and what closes them. */
    static ByteStream of(Reader reader, Writer writer, Runnable closer) {
        return of(reader, writer, (first, second) -> writer.write(first) && writer.write(second), closer);
    }

    /** A stream made of a reader, a writer, a writer of two buffers at once and what closes them. */
    static ByteStream of(Reader reader, Writer writer, GatheringWriter gatheringWriter, Runnable closer) {
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
            public boolean write(ByteBuffer first, ByteBuffer second) throws IOException {
                return gatheringWriter.write(first, second);
            }

            @Override
            public void close() {
                closer.run();
            }
        };
    }
}
