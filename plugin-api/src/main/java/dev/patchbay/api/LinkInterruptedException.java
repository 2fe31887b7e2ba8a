package dev.patchbay.api;

/**
 * The calling thread was interrupted while it waited in a link's send or receive. The link stays open and usable
 * (nothing was half-sent or half-read), and the thread's interrupt status is set again before this is thrown, so
 * the caller decides what the interrupt means.
 */
public class LinkInterruptedException extends PatchbayException {
    public LinkInterruptedException(String message) {
        super(ErrorCode.INTERRUPTED, message);
    }
}
