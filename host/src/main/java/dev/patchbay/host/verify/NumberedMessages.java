package dev.patchbay.host.verify;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Test messages whose bytes follow from their number, so an echo can be checked byte for byte (a message of size 0
 * or 1 cannot hold its number; its place in the stream and its size are checked instead).
 */
final class NumberedMessages {
    private NumberedMessages() {
    }

    static byte[] message(long number, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (number * 131 + i * 7);
        }
        return bytes;
    }

    /** True if {@code echo} is message {@code number} of {@code size} bytes. */
    static boolean matches(long number, int size, byte[] echo) {
        return echo.length == size && Arrays.equals(echo, message(number, size));
    }

    /** A copy of the readable bytes: a handler's buffer is only valid during the call. */
    static byte[] copy(ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        return bytes;
    }
}
