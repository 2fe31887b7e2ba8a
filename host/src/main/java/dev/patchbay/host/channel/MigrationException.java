package dev.patchbay.host.channel;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;

/** A migration did not complete; the channel is back on (or still on) its old link. The message says why. */
public class MigrationException extends PatchbayException {
    public MigrationException(String message) {
        super(ErrorCode.MIGRATION_FAILED, message);
    }

    public MigrationException(String message, Throwable cause) {
        super(ErrorCode.MIGRATION_FAILED, message, cause);
    }
}
