package dev.patchbay.host.examples;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;

/** An example could not run to its end: a child process that never got ready, or ended badly. */
public final class ExampleException extends PatchbayException {
    public ExampleException(String message) {
        super(ErrorCode.IO_FAILURE, message);
    }
}
