package dev.patchbay.host.control;

/**
 * A control request that could not be served for a reason of the control layer itself, not of a link or module
 * (those travel as {@link dev.patchbay.api.PatchbayException} with their {@link dev.patchbay.api.ErrorCode}).
 */
public final class ControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why; the names travel on the wire after {@code ERR}. */
    public enum Kind {
        /** The host has no open channel by that name. */
        NO_SUCH_CHANNEL,
        /** The request was valid but there is nothing to do (cancel with no migration under way). */
        NOTHING_TO_DO,
        /** No running host could be chosen: none runs, or several do and none was named. */
        NO_HOST,
        /** The host's control socket is at one of its limits; try again. */
        BUSY,
        /** Not a request the host understands (unknown command, missing argument, line too long). */
        BAD_REQUEST
    }

    private final Kind kind;

    public ControlException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
