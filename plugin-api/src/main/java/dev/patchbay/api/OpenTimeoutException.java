package dev.patchbay.api;

/** No peer arrived before the open timeout. The message names what was waited on. */
public class OpenTimeoutException extends PatchbayException {
    public OpenTimeoutException(String message) {
        super(ErrorCode.OPEN_TIMEOUT, message);
    }
}
