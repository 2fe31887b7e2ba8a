package dev.patchbay.transport.aeron;

import dev.patchbay.api.TransportIoException;
import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One Aeron client per media driver for every link of this plugin generation, and the embedded driver itself while
 * any link needs it. The last link to let go closes the client and stops the driver, deleting its folder: an
 * unloaded generation leaves no thread and no file behind. The state is static, but each generation has its own
 * class loader and therefore its own.
 */
final class Drivers {
    private static final Logger LOG = LoggerFactory.getLogger(Drivers.class);
    private static final String EMBEDDED = "";
    private static final Map<String, Shared> SHARED = new HashMap<>();

    private Drivers() {
    }

    /** A client on the external driver in {@code external}, or on this process's embedded one. */
    static synchronized Lease acquire(Optional<Path> external) {
        String key = external.map(Path::toString).orElse(EMBEDDED);
        Shared shared = SHARED.get(key);
        if (shared == null) {
            shared = start(external);
            SHARED.put(key, shared);
        }
        shared.users++;
        return new Lease(key, shared);
    }

    private static Shared start(Optional<Path> external) {
        MediaDriver driver = null;
        Path dir = external.orElseGet(DriverDirs::newDir);
        try {
            if (external.isEmpty()) {
                driver = EmbeddedDriver.launch(dir);
            }
            Aeron.Context context = new Aeron.Context()
                    .aeronDirectoryName(dir.toString())
                    .errorHandler(e -> LOG.warn("Aeron client on {}: {}", dir, e.toString()));
            return new Shared(Aeron.connect(context), driver, dir);
        } catch (RuntimeException e) {
            if (driver != null) {
                driver.close();
            }
            String what = external.isPresent() ? "no media driver answers in " + dir + " (start one with the"
                    + " aeron.dir it was given, or drop aeron.dir= to use an embedded one)"
                    : "cannot start an embedded media driver in " + dir;
            throw new TransportIoException(what + ": " + e.getMessage(), e);
        }
    }

    private static synchronized void release(String key, Shared shared) {
        if (--shared.users > 0) {
            return;
        }
        SHARED.remove(key);
        shared.aeron.close();
        if (shared.driver != null) {
            shared.driver.close();
            DriverDirs.deleteTree(shared.dir);
            LOG.debug("embedded media driver in {} stopped", shared.dir);
        }
    }

    private static final class Shared {
        final Aeron aeron;
        final MediaDriver driver;
        final Path dir;
        int users;

        Shared(Aeron aeron, MediaDriver driver, Path dir) {
            this.aeron = aeron;
            this.driver = driver;
            this.dir = dir;
        }
    }

    /** One user's hold on a client; {@link #close} once. */
    static final class Lease implements AutoCloseable {
        private final String key;
        private final Shared shared;
        private boolean closed;

        private Lease(String key, Shared shared) {
            this.key = key;
            this.shared = shared;
        }

        Aeron aeron() {
            return shared.aeron;
        }

        Path dir() {
            return shared.dir;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release(key, shared);
            }
        }
    }
}
