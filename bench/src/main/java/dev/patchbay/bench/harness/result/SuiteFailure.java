package dev.patchbay.bench.harness.result;

import java.util.Objects;

/**
 * A suite that stopped with an error; the run went on with the others, and the report lists it.
 *
 * @param suite  the suite's name, e.g. {@code "shm-aeron"}, or {@code "swap"}
 * @param during what it was measuring then, e.g. {@code "1344 B messages"}
 * @param reason which process failed and why, one line
 */
public record SuiteFailure(String suite, String during, String reason) {

    public SuiteFailure {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(during, "during");
        reason = reason == null ? "(no reason given)" : reason.lines().findFirst().orElse("(no reason given)");
    }
}
