package dev.patchbay.sharedmem;

/** The base of every failure in shared-mem. Unchecked; messages name the object and the numbers involved. */
public class SharedMemException extends RuntimeException {
    public SharedMemException(String message) {
        super(message);
    }

    public SharedMemException(String message, Throwable cause) {
        super(message, cause);
    }
}
