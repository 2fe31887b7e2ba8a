package dev.patchbay.host.pool;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;

/** The pool could not do what it was asked: a worker that never said hello, a run that did not finish in time. */
public final class PoolException extends PatchbayException {
    public PoolException(String message) {
        super(ErrorCode.OPEN_TIMEOUT, message);
    }
}
