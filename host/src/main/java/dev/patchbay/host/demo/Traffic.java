package dev.patchbay.host.demo;

import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.channel.Channel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Numbered load through a channel to an echoing peer, for the demo, the soak and the tests: one thread sends on a
 * fixed schedule (or flat out), another receives the echoes, checks each number and measures the gaps between
 * arrivals.
 */
public final class Traffic {
    private final Channel channel;
    private final int size;
    private final TrafficCheck check = new TrafficCheck();
    private final GapMeter gaps = new GapMeter();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean stopSending = new AtomicBoolean();
    private final AtomicBoolean stopReceiving = new AtomicBoolean();
    private final AtomicReference<PatchbayException> failure = new AtomicReference<>();
    private final Thread sender = new Thread(this::send, "traffic-sender");
    private final Thread receiver = new Thread(this::receive, "traffic-receiver");

    private final long rate;

    /** @param rate messages per second to send, on a fixed schedule; 0 sends as fast as the channel takes them */
    public Traffic(Channel channel, int size, long rate) {
        this.channel = channel;
        this.size = Math.max(8, size);
        this.rate = rate;
    }

    /** Starts both threads and returns this. */
    public Traffic start() {
        receiver.start();
        sender.start();
        return this;
    }

    private void send() {
        ByteBuffer message = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
        long start = System.nanoTime();
        try {
            for (long seq = 0; !stopSending.get(); seq++) {
                if (rate > 0) {
                    // Send what the schedule says is due; sleep in slices the OS can honour (~0.1 ms).
                    long due = start + seq * 1_000_000_000L / rate;
                    while (System.nanoTime() < due && !stopSending.get()) {
                        LockSupport.parkNanos(100_000);
                    }
                }
                message.clear();
                message.putLong(0, seq);
                channel.send(message);
                sent.incrementAndGet();
            }
        } catch (PatchbayException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void receive() {
        try {
            while (!stopReceiving.get()) {
                channel.receive((s, m) -> {
                    check.arrived(m.order(ByteOrder.LITTLE_ENDIAN).getLong(m.position()));
                    gaps.arrived();
                }, 1024, Duration.ofMillis(50));
            }
        } catch (PatchbayException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Messages echoed back so far. */
    public long received() {
        return check.distinct();
    }

    public GapMeter gaps() {
        return gaps;
    }

    public TrafficCheck check() {
        return check;
    }

    public long sent() {
        return sent.get();
    }

    public int size() {
        return size;
    }

    /** The first error either thread hit, or null. */
    public PatchbayException failure() {
        return failure.get();
    }

    /** Stops sending, waits (up to 10 s) until every echo is back, stops receiving; returns the account. */
    public TrafficCheck stop() throws InterruptedException {
        stopSending.set(true);
        sender.join(10_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (check.distinct() < sent.get() && System.nanoTime() < deadline && failure.get() == null) {
            Thread.sleep(10);
        }
        stopReceiving.set(true);
        receiver.join(10_000);
        return check;
    }
}
