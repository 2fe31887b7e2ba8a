package dev.patchbay.bench.harness.baseline;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The media driver each side of the raw Aeron UDP baseline embeds, set up as the {@code aeron} plugin sets up its
 * own embedded driver, so that the two differ only in what is on top of Aeron: {@link ThreadingMode#SHARED} with a
 * {@code BackoffIdleStrategy(10, 20, 1 µs, 1 ms)}, peer silence of 700 ms (image liveness, publication connection,
 * flow-control receiver), status messages every 100 ms, a linger of 200 ms, sparse term files. Its folder is
 * deleted when it starts and when it closes.
 */
final class AeronUdpDriver {
    /** The plugin's term for its default largest message (8 MiB): an eighth of a term, rounded up to a power of 2. */
    static final int TERM_LENGTH = 64 << 20;
    private static final long PEER_SILENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(700);

    private AeronUdpDriver() {
    }

    /** Starts a driver in {@code dir}. */
    static MediaDriver launch(Path dir) {
        return MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir.toString())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .warnIfDirectoryExists(false)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
                        TimeUnit.MILLISECONDS.toNanos(1)))
                .imageLivenessTimeoutNs(PEER_SILENCE_NANOS)
                .publicationConnectionTimeoutNs(PEER_SILENCE_NANOS)
                .flowControlReceiverTimeoutNs(PEER_SILENCE_NANOS)
                .publicationLingerTimeoutNs(TimeUnit.MILLISECONDS.toNanos(200))
                .statusMessageTimeoutNs(TimeUnit.MILLISECONDS.toNanos(100))
                .termBufferSparseFile(true));
    }

    /** A client of the driver in {@code dir}. */
    static Aeron connect(Path dir) {
        return Aeron.connect(new Aeron.Context().aeronDirectoryName(dir.toString()));
    }

    /** How the plugin's link waits for data and for room: 20 spins, 10 yields, then parks 1 µs doubling to 1 ms. */
    static IdleStrategy linkIdle() {
        return new BackoffIdleStrategy(20, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    }
}
