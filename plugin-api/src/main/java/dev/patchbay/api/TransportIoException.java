package dev.patchbay.api;

/** An operating-system call failed in a way that is neither a closed peer nor a corrupt frame. */
public class TransportIoException extends PatchbayException {
    public TransportIoException(String message) {
        super(ErrorCode.IO_FAILURE, message);
    }

    public TransportIoException(String message, Throwable cause) {
        super(ErrorCode.IO_FAILURE, message, cause);
    }
}
