package dev.patchbay.bench.harness.contender;

import java.nio.file.Path;

/**
 * What one session (one contender, one message size) runs with.
 *
 * @param id        unique in the run, usable in file and fifo names, e.g. {@code "pipe-c-288"}
 * @param size      message bytes
 * @param rate      round trips per second
 * @param workDir   a private folder for meeting points, latency files and logs
 */
public record SessionSpec(String id, int size, long rate, Path workDir) {

    /** Where Patchbay's transports put their fifos and other runtime files in this run. */
    public Path runtimeDir() {
        return workDir.resolve("run");
    }
}
