package dev.patchbay.host.module;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One module file a host rejected: content that no host on this plugins folder loads again until released.
 *
 * @param sha256 the SHA-256 of the file's content, hex: the key, so that another file under the same name is free
 * @param file   the file's name when it was rejected
 * @param at     when it was rejected
 * @param reason why
 */
public record QuarantineEntry(String sha256, String file, Instant at, String reason) {

    /** What a listing shows as the cause of a quarantined file. */
    public String cause() {
        return "quarantined " + at.truncatedTo(ChronoUnit.SECONDS) + ": " + reason
                + " (patchbay plugins release " + file + ")";
    }
}
