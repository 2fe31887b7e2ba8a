package dev.patchbay.sharedmem.io;

import dev.patchbay.sharedmem.posix.Fcntl;
import dev.patchbay.sharedmem.posix.Unistd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The descriptor paths a benchmark only touches by chance: would-block reads and writes, writes the pipe takes in
 * part, gathered writes, and closing under a blocked thread. One pipe; its read end and its write end each in a
 * stream of their own.
 */
class FdStreamTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private FdStream reader;
    private FdStream writer;
    private int writeFd;

    @BeforeEach
    void openPipe() {
        int[] fds = new int[2];
        Unistd.pipe2(fds, Fcntl.O_CLOEXEC);
        writeFd = fds[1];
        reader = FdStream.of(fds[0], -1, "test pipe (read end)");
        writer = FdStream.of(-1, fds[1], "test pipe (write end)");
    }

    @AfterEach
    void closePipe() {
        reader.close();
        writer.close();
    }

    @Test
    void anEmptyPipeIsNotAnExceptionalCase() throws Exception {
        ByteBuffer dst = ByteBuffer.allocateDirect(64);
        reader.read(dst, 0);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        int total = 0;
        for (int i = 0; i < 2_000; i++) {
            total += reader.read(dst, 0);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(total).isZero();
        // An exception with its stack trace per would-block answer would be kilobytes each.
        assertThat(allocated).as("bytes allocated by 2000 would-block reads").isLessThan(200_000);
    }

    @Test
    void aReadWithATimeoutWaitsThatLongThenReportsNothing() throws Exception {
        ByteBuffer dst = ByteBuffer.allocateDirect(64);
        long start = System.nanoTime();
        assertThat(reader.read(dst, TimeUnit.MILLISECONDS.toNanos(30))).isZero();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
        assertThat(dst.position()).isZero();
    }

    @Test
    void aWaitingReaderTakesWhatArrivesLater() throws Exception {
        ByteBuffer dst = ByteBuffer.allocateDirect(64);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> readQuietly(dst, 5 * SECOND));
        TimeUnit.MILLISECONDS.sleep(20);
        assertThat(writer.write(bytes(7, 0))).isTrue();
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(7);
    }

    @Test
    void growsThePipe() {
        int capacity = Fcntl.fcntl(writeFd, Fcntl.F_GETPIPE_SZ, 0);
        assertThat(capacity).isGreaterThanOrEqualTo(FdStream.PIPE_CAPACITY);
    }

    @Test
    void aWriteThePipeTakesInPartsIsResumedWhereItStopped() throws Exception {
        Fcntl.fcntl(writeFd, Fcntl.F_SETPIPE_SZ, 4096);
        // The first buffer alone is more than the pipe holds, so the first writev stops inside it.
        ByteBuffer header = bytes(6000, 100);
        ByteBuffer payload = bytes(300_000, 7);
        CompletableFuture<Boolean> written = CompletableFuture.supplyAsync(() -> writeQuietly(header, payload));
        ByteBuffer all = ByteBuffer.allocateDirect(6000 + 300_000);
        ByteBuffer chunk = ByteBuffer.allocateDirect(1000);
        while (all.hasRemaining()) {
            chunk.clear().limit(Math.min(chunk.capacity(), all.remaining()));
            assertThat(reader.read(chunk, 5 * SECOND)).as("bytes within 5 s").isPositive();
            all.put(chunk.flip());
        }
        assertThat(written.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(header.hasRemaining()).isFalse();
        assertThat(payload.hasRemaining()).isFalse();
        ByteBuffer expected = ByteBuffer.allocateDirect(6000 + 300_000).put(bytes(6000, 100)).put(bytes(300_000, 7));
        assertThat(all.flip()).isEqualTo(expected.flip());
    }

    @Test
    void gatheredBuffersFromTheHeapAreWrittenToo() throws Exception {
        assertThat(writer.write(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3}))).isTrue();
        ByteBuffer dst = ByteBuffer.allocate(8);
        while (dst.position() < 3) {
            reader.read(dst, SECOND);
        }
        assertThat(dst.flip()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }

    @Test
    void closeWakesAReaderThatWaits() throws Exception {
        CompletableFuture<Throwable> read = CompletableFuture.supplyAsync(() -> failureOf(() ->
                reader.read(ByteBuffer.allocateDirect(8), 60 * SECOND)));
        TimeUnit.MILLISECONDS.sleep(50);
        reader.close();
        assertThat(read.get(5, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
    }

    @Test
    void closeWakesAWriterThatWaitsForRoom() throws Exception {
        Fcntl.fcntl(writeFd, Fcntl.F_SETPIPE_SZ, 4096);
        CompletableFuture<Throwable> write = CompletableFuture.supplyAsync(() -> failureOf(() ->
                writer.write(ByteBuffer.allocateDirect(100_000))));
        TimeUnit.MILLISECONDS.sleep(50);
        writer.close();
        assertThat(write.get(5, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
    }

    @Test
    void theOtherEndClosingIsEndOfStreamOrBrokenPipe() throws Exception {
        writer.write(bytes(3, 0));
        writer.close();
        ByteBuffer dst = ByteBuffer.allocateDirect(8);
        assertThat(reader.read(dst, SECOND)).isEqualTo(3);
        assertThat(reader.read(dst, SECOND)).isEqualTo(-1);

        reader.close();
        openPipe();
        reader.close();
        assertThat(writer.write(bytes(3, 0))).isFalse();
    }

    private static ByteBuffer bytes(int length, int seed) {
        ByteBuffer b = ByteBuffer.allocateDirect(length);
        for (int i = 0; i < length; i++) {
            b.put((byte) (i * 31 + seed));
        }
        return b.flip();
    }

    private int readQuietly(ByteBuffer dst, long timeoutNanos) {
        try {
            return reader.read(dst, timeoutNanos);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean writeQuietly(ByteBuffer first, ByteBuffer second) {
        try {
            return writer.write(first, second);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Io {
        void run() throws Exception;
    }

    private static Throwable failureOf(Io io) {
        try {
            io.run();
            return null;
        } catch (Exception e) {
            return e;
        }
    }
}
