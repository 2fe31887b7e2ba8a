package dev.patchbay.sharedmem;

/**
 * An object found at one of our names belongs to another user, or is open to other users: using it would hand our
 * messages to whoever made it, so it is refused. The message names the object, its owner and mode, and what to do.
 */
public class NotOwnedException extends SharedMemException {
    public NotOwnedException(String message) {
        super(message);
    }
}
