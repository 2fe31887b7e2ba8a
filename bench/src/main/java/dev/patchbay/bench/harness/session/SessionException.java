package dev.patchbay.bench.harness.session;

/** A session's processes failed or broke the protocol; the message says which and ends with their log. */
public class SessionException extends RuntimeException {
    public SessionException(String message) {
        super(message);
    }
}
