package dev.patchbay.api;

/**
 * Bytes arrived that are not a valid message: a bad magic number, a failed checksum, or a claimed length beyond
 * the link's limit. The link is closed when this is thrown; nothing of the claimed size is allocated.
 */
public class CorruptFrameException extends PatchbayException {
    public CorruptFrameException(String message) {
        super(ErrorCode.CORRUPT_FRAME, message);
    }
}
