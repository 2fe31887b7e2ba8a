package dev.patchbay.host.testing;

import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.demo.TrafficCheck;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Continuous numbered traffic through a channel to an echoing peer: one thread sends, one receives and checks
 * every echo. {@link #stop()} drains and reports.
 */
public final class Traffic {
    private final Channel channel;
    private final TrafficCheck check = new TrafficCheck();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean stopSending = new AtomicBoolean();
    private final AtomicBoolean stopReceiving = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread sender;
    private final Thread receiver;

    /** @param pauseNanos pause between sends (0: as fast as the link takes them) */
    public Traffic(Channel channel, int size, long pauseNanos) {
        this.channel = channel;
        this.sender = new Thread(() -> send(size, pauseNanos), "traffic-sender");
        this.receiver = new Thread(this::receive, "traffic-receiver");
        receiver.start();
        sender.start();
    }

    private void send(int size, long pauseNanos) {
        ByteBuffer message = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
        try {
            for (long seq = 0; !stopSending.get(); seq++) {
                message.clear();
                message.putLong(0, seq);
                channel.send(message);
                sent.incrementAndGet();
                if (pauseNanos > 0) {
                    LockSupport.parkNanos(pauseNanos);
                }
            }
        } catch (PatchbayException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void receive() {
        try {
            while (!stopReceiving.get()) {
                channel.receive((s, m) -> check.arrived(m.order(ByteOrder.LITTLE_ENDIAN).getLong(m.position())),
                        1024, Duration.ofMillis(50));
            }
        } catch (PatchbayException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Messages echoed back so far. */
    public long received() {
        return check.distinct();
    }

    /** Stops sending, waits for every echo (up to 20 s), stops receiving. */
    public TrafficCheck stop() throws InterruptedException {
        stopSending.set(true);
        sender.join(TimeUnit.SECONDS.toMillis(20));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (check.distinct() < sent.get() && System.nanoTime() < deadline && failure.get() == null) {
            Thread.sleep(5);
        }
        stopReceiving.set(true);
        receiver.join(TimeUnit.SECONDS.toMillis(20));
        return check;
    }

    public long sent() {
        return sent.get();
    }

    /** The first error either thread hit, if any. */
    public Throwable failure() {
        return failure.get();
    }
}
