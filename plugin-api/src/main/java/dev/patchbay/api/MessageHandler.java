package dev.patchbay.api;

import java.nio.ByteBuffer;

/**
 * Receives messages from a {@link Link}. The buffer holds exactly one message between its position and limit; it is
 * only valid during the call (it may be a view into shared memory that is reused afterwards), so copy what you keep.
 */
@FunctionalInterface
public interface MessageHandler {
    void onMessage(ByteBuffer message);
}
