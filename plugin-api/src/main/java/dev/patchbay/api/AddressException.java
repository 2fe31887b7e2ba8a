package dev.patchbay.api;

/** An address could not be parsed, names something unsafe, or is not one the transport understands. */
public class AddressException extends PatchbayException {
    public AddressException(String message) {
        super(ErrorCode.BAD_ADDRESS, message);
    }
}
