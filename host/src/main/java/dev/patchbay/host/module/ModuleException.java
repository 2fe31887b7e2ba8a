package dev.patchbay.host.module;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;

/** A module cannot be loaded or used. The message names the file and the problem. */
public class ModuleException extends PatchbayException {
    public ModuleException(String message) {
        super(ErrorCode.INCOMPATIBLE_MODULE, message);
    }

    public ModuleException(String message, Throwable cause) {
        super(ErrorCode.INCOMPATIBLE_MODULE, message, cause);
    }
}
