package dev.patchbay.host.channel;

import java.nio.ByteBuffer;

/**
 * Receives a channel's messages in order. The buffer holds one message between position and limit and is valid only
 * during the call.
 */
@FunctionalInterface
public interface ChannelHandler {
    void onMessage(long sequence, ByteBuffer message);
}
