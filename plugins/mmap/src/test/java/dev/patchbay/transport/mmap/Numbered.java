package dev.patchbay.transport.mmap;

import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbered test messages whose bytes follow from their number, so a reader can check each one on its own: the number
 * (u64), then {@code size(number) - 8} bytes of a pattern seeded by it.
 */
final class Numbered {
    private Numbered() {
    }

    /** The size of message {@code number}: 8 to {@code 8 + spread - 1} bytes, varied. */
    static int size(long number, int spread) {
        return 8 + (int) ((number * 7919) % spread);
    }

    static ByteBuffer message(long number, int spread) {
        ByteBuffer b = ByteBuffer.allocate(size(number, spread)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(number);
        for (int i = 8; i < b.capacity(); i++) {
            b.put((byte) (number * 31 + i));
        }
        return b.flip();
    }

    /** The number of a message, or -1 if its bytes are not those of its number. */
    static long check(ByteBuffer m, int spread) {
        if (m.remaining() < 8) {
            return -1;
        }
        long number = m.order(ByteOrder.LITTLE_ENDIAN).getLong(m.position());
        if (m.remaining() != size(number, spread)) {
            return -1;
        }
        for (int i = 8; i < m.remaining(); i++) {
            if (m.get(m.position() + i) != (byte) (number * 31 + i)) {
                return -1;
            }
        }
        return number;
    }

    /** Receives until {@code count} messages came (or 10 s passed) and returns their numbers, -1 for bad ones. */
    static List<Long> receive(Link link, int count, int spread) {
        List<Long> out = new ArrayList<>();
        MessageHandler handler = m -> out.add(check(m, spread));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            link.receive(handler, count - out.size(), Duration.ofMillis(200));
        }
        return out;
    }

    /** The numbers {@code from} to {@code to - 1}. */
    static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long n = from; n < to; n++) {
            out.add(n);
        }
        return out;
    }
}
