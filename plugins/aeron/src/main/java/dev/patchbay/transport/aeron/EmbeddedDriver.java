package dev.patchbay.transport.aeron;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The media driver a process starts for itself when no external one is named. Two cores are shared by everything
 * here, so it runs all its agents on one thread (SHARED) that backs off to parking up to 1 ms when idle, never a
 * busy spin.
 */
final class EmbeddedDriver {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDriver.class);

    /**
     * How long a peer may be silent before it counts as gone: our publication is no longer connected and its image
     * is dropped; a link's send and receive look at both. Aeron's defaults are 5 s and 10 s. A live peer's driver
     * acknowledges every 100 ms (set below), so 700 ms is seven missed acknowledgements, and a dead peer is
     * reported within a second of its death (the contract suite holds us to that). At 500 ms a peer JVM starting
     * up on two busy cores now and then went unheard for that long, and its first link was given up as dead.
     */
    static final long PEER_SILENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(700);

    private EmbeddedDriver() {
    }

    static MediaDriver launch(Path dir) {
        DriverDirs.removeLeftovers();
        MediaDriver.Context context = new MediaDriver.Context()
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
                // Large terms for large messages, but only the pages written take memory.
                .termBufferSparseFile(true)
                .errorHandler(e -> LOG.warn("media driver in {}: {}", dir, e.toString()));
        MediaDriver driver = MediaDriver.launch(context);
        DriverDirs.makePrivate(dir);
        LOG.debug("embedded media driver started in {}", dir);
        return driver;
    }
}
