package dev.patchbay.kit.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalInt;

/**
 * The few operations a byte-stream medium must offer so that {@link StreamLink} can frame messages over it.
 * Transports usually build one from method references: {@code ByteStream.of(fd::read, fd::write, fd::close)}, or
 * {@code ByteStream.of(fd::read, fd::write, fd::write, fd::offer, fd::close)} when the medium can gather two buffers
 * in one write and try a write without waiting.
 *
 * <p>Interrupts: a read or write that waits and whose thread is interrupted throws
 * {@link java.io.InterruptedIOException} (leaving the interrupt set) if, and only if, it has moved no byte yet; a
 * write that has begun is finished, so that a frame is never left half-written.
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

    /** {@link #offer} result: everything was written. */
    int WRITTEN = 1;
    /** {@link #offer} result: the medium had no room; nothing was written. */
    int WOULD_BLOCK = 0;
    /** {@link #offer} result: the reader is gone (broken pipe). */
    int BROKEN_PIPE = -1;

    /**
     * Writes {@code first} then {@code second} like {@link #write(ByteBuffer, ByteBuffer)}, but only if the medium
     * takes the first byte now; when it is full, nothing is written and the call returns at once. Once the first
     * byte is taken the rest is written, waiting for the reader if need be (a frame is never left half-written).
     * The default waits like {@link #write(ByteBuffer, ByteBuffer)}: a medium that can try should override it.
     *
     * @return {@link #WRITTEN}, {@link #WOULD_BLOCK} or {@link #BROKEN_PIPE}
     */
    default int offer(ByteBuffer first, ByteBuffer second) throws IOException {
        return write(first, second) ? WRITTEN : BROKEN_PIPE;
    }

    /** Releases the medium and wakes a thread blocked in {@link #read} or {@link #write}. Never throws. */
    @Override
    void close();

    /**
     * The descriptor poll(2) reports readable when {@link #read} would not wait, if the medium has one; the
     * {@link StreamLink} over it offers it as {@link dev.patchbay.api.Link#readinessFd()}. Empty by default.
     */
    default OptionalInt readinessFd() {
        return OptionalInt.empty();
    }

    /** This stream, saying that {@code fd} (its read descriptor, which it owns) tells when a read would not wait. */
    default ByteStream withReadinessFd(int fd) {
        ByteStream inner = this;
        OptionalInt readiness = fd < 0 ? OptionalInt.empty() : OptionalInt.of(fd);
        return new ByteStream() {
            @Override
            public int read(ByteBuffer dst, long timeoutNanos) throws IOException {
                return inner.read(dst, timeoutNanos);
            }

            @Override
            public boolean write(ByteBuffer src) throws IOException {
                return inner.write(src);
            }

            @Override
            public boolean write(ByteBuffer first, ByteBuffer second) throws IOException {
                return inner.write(first, second);
            }

            @Override
            public int offer(ByteBuffer first, ByteBuffer second) throws IOException {
                return inner.offer(first, second);
            }

            @Override
            public void close() {
                inner.close();
            }

            @Override
            public OptionalInt readinessFd() {
                return readiness;
            }
        };
    }

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

    /** Tries a write of two buffers without waiting for room; see {@link ByteStream#offer}. */
    @FunctionalInterface
    interface Offerer {
        int offer(ByteBuffer first, ByteBuffer second) throws IOException;
    }

    /** A stream made of a reader, a writer and what closes them. */
    static ByteStream of(Reader reader, Writer writer, Runnable closer) {
        return of(reader, writer, (first, second) -> writer.write(first) && writer.write(second), closer);
    }

    /** A stream made of a reader, a writer, a writer of two buffers at once and what closes them. */
    static ByteStream of(Reader reader, Writer writer, GatheringWriter gatheringWriter, Runnable closer) {
        return of(reader, writer, gatheringWriter, (first, second) -> gatheringWriter.write(first, second)
                ? WRITTEN : BROKEN_PIPE, closer);
    }

    /**
     * A stream made of a reader, a writer, a writer of two buffers at once, a writer that tries without waiting and
     * what closes them.
     */
    static ByteStream of(Reader reader, Writer writer, GatheringWriter gatheringWriter, Offerer offerer,
                         Runnable closer) {
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
            public int offer(ByteBuffer first, ByteBuffer second) throws IOException {
                return offerer.offer(first, second);
            }

            @Override
            public void close() {
                closer.run();
            }
        };
    }
}
