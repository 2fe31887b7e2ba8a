package dev.patchbay.api;

/**
 * The base of every failure Patchbay reports. Unchecked: the hot path reports back-pressure through return values,
 * and what is thrown is a real failure that callers usually pass up.
 *
 * <p>Messages say what was wrong and, where there is one, what to do about it.
 */
public class PatchbayException extends RuntimeException {
    private final ErrorCode code;

    public PatchbayException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public PatchbayException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** What kind of failure this is. */
    public ErrorCode code() {
        return code;
    }
}
