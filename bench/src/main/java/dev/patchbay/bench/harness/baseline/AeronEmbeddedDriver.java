package dev.patchbay.bench.harness.baseline;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Aeron media driver the listener of an {@code aeron:} link embeds, and the clients both sides connect to it.
 *
 * <ul>
 *   <li>{@link ThreadingMode#SHARED}: one driver thread. On two cores the two processes' own threads already take
 *   both; dedicated conductor, sender and receiver threads would only compete with them.</li>
 *   <li>That thread waits with Agrona's {@link BackoffIdleStrategy} defaults (10 spins, 5 yields, then parks from
 *   1 µs doubling to 1 ms): it is on no message's path over IPC, but it advances the publishers' limits.</li>
 *   <li>IPC terms of {@value #TERM_LENGTH} bytes instead of 64 MiB: three per stream and direction live in
 *   {@code /dev/shm}; the largest message is then 1 MiB (a term's eighth).</li>
 *   <li>Liveness timeouts of an hour instead of 10 s: the harness stops a pair with SIGSTOP while it measures the
 *   other, sometimes for a minute, and Aeron would take that silence for a dead client or driver.</li>
 *   <li>Its folder is deleted when the driver starts and when it closes.</li>
 * </ul>
 */
final class AeronEmbeddedDriver {
    static final int TERM_LENGTH = 8 << 20;
    private static final long LIVENESS_TIMEOUT_NANOS = TimeUnit.HOURS.toNanos(1);

    private AeronEmbeddedDriver() {
    }

    /** Starts a driver in {@code dir}. */
    static MediaDriver launch(Path dir) {
        return MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir.toString())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy())
                .ipcTermBufferLength(TERM_LENGTH)
                .clientLivenessTimeoutNs(LIVENESS_TIMEOUT_NANOS)
                .publicationUnblockTimeoutNs(2 * LIVENESS_TIMEOUT_NANOS));
    }

    /** A client of the driver in {@code dir}, which must have started. */
    static Aeron connect(Path dir) {
        return Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(dir.toString())
                .driverTimeoutMs(TimeUnit.NANOSECONDS.toMillis(LIVENESS_TIMEOUT_NANOS)));
    }
}
