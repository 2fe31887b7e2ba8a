package dev.patchbay.api;

/** The link was closed by this side (or failed earlier) and cannot be used any more. */
public class LinkClosedException extends PatchbayException {
    public LinkClosedException(String message) {
        super(ErrorCode.LINK_CLOSED, message);
    }
}
