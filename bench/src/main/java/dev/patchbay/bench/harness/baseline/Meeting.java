package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.OpenTimeoutException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How the baselines' two processes find each other: by waiting for a file the other side makes, or for a condition
 * on what both share, within the open timeout. Polls every millisecond; opening is not what is measured.
 */
final class Meeting {
    private static final long POLL_NANOS = 1_000_000;

    private Meeting() {
    }

    /** The address's name as an absolute path; {@code example} shows the form in the error. */
    static Path absolutePath(Address address, String example) {
        if (!address.name().startsWith("/")) {
            throw new AddressException("'" + address + "' needs an absolute path, e.g. " + example);
        }
        return Path.of(address.name());
    }

    /** Waits until {@code file} exists; {@code by} says who makes it, for the timeout's message. */
    static void awaitFile(Path file, Duration timeout, String by) {
        await(() -> Files.exists(file), timeout, "no " + by + " made " + file);
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @param failure what did not happen, for the {@link OpenTimeoutException}'s message
     */
    static void await(BooleanSupplier condition, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new OpenTimeoutException(failure + " within " + timeout.toMillis() + " ms");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
