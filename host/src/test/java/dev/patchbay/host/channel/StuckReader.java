package dev.patchbay.host.channel;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An application whose receiving thread gets stuck in its message handler: while it is stuck, nothing reads the
 * channel — not the application, and not the host's agents, which leave a channel alone while its application is
 * inside {@code receive}. How a test makes a peer stop answering control frames.
 */
final class StuckReader implements AutoCloseable {
    private final CountDownLatch stuck = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;

    /** Starts receiving on {@code reader}; the first message {@code writer} sends after {@link #stick} sticks it. */
    StuckReader(Channel reader) {
        thread = new Thread(() -> {
            try {
                while (release.getCount() > 0) {
                    reader.receive((s, m) -> {
                        if (m.remaining() == 1 && m.get(m.position()) == 'X') {
                            stuck.countDown();
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }, 16, Duration.ofMillis(20));
                }
            } catch (RuntimeException e) {
                // Closed under us.
            }
        }, "stuck-reader");
        thread.start();
    }

    /** Sends the message that sticks the reader and waits until it is stuck. */
    void stick(Channel writer) throws InterruptedException {
        writer.send(ByteBuffer.wrap(new byte[] {'X'}));
        if (!stuck.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the reader did not get the message that sticks it");
        }
    }

    @Override
    public void close() {
        release.countDown();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
