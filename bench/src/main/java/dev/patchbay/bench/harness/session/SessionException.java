package dev.patchbay.bench.harness.session;

/**
 * A session's processes failed or broke the protocol. The message says which and why, then quotes their log;
 * {@link #reason()} is the first part alone, short enough for the report.
 */
public class SessionException extends RuntimeException {
    private final String reason;

    public SessionException(String reason, String log) {
        super(reason + "; " + log);
        this.reason = reason;
    }

    /** Which session failed, and why, without its log. */
    public String reason() {
        return reason;
    }
}
