package dev.patchbay.api;

/** A message is larger than the link accepts. The link stays open; send a smaller message or raise the limit. */
public class MessageTooLargeException extends PatchbayException {
    public MessageTooLargeException(int length, int limit) {
        super(ErrorCode.MESSAGE_TOO_LARGE,
                "message of " + length + " bytes exceeds the limit of " + limit
                        + " bytes; split it, or raise the limit with ?maxMessage=... on the address");
    }
}
