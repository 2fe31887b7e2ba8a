package dev.patchbay.host.channel;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;

/** The channel protocol was broken: a frame of unknown kind, a sequence number out of order. */
public class ChannelException extends PatchbayException {
    public ChannelException(String message) {
        super(ErrorCode.CORRUPT_FRAME, message);
    }
}
