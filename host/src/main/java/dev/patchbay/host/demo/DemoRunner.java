package dev.patchbay.host.demo;

import dev.patchbay.api.Address;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.module.ModuleInfo;
import dev.patchbay.host.module.ModuleState;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Spawns a peer process over {@code pipe:child}, streams sequence-numbered messages to it for a while, checks every
 * echo, and prints rates and the loss/duplicate/order account.
 */
public final class DemoRunner {
    private final Patchbay host;
    private final PrintWriter out;
    private final Duration duration;
    private final int size;

    public DemoRunner(Patchbay host, PrintWriter out, Duration duration, int size) {
        this.host = host;
        this.out = out;
        this.duration = duration;
        this.size = Math.max(8, size);
    }

    /** Runs the demo; returns the process exit status (0 when nothing was lost, repeated or reordered). */
    public int run() throws Exception {
        out.println("Patchbay demo: two processes, one channel, every message numbered and checked");
        out.println("  plugins  " + host.modules().pluginsDir() + " (" + modules() + ")");
        String peer = PeerLauncher.shellCommand(host.modules().pluginsDir(), "peer", "pipe:stdio");
        Channel channel = host.listen(Address.of("pipe", "child", Map.of("exec", peer)).toString());
        out.println("  channel  " + channel.name() + " over " + channel.transport() + " to a spawned peer process");
        out.printf("  running  %d s of %d-byte messages, echoed back by the peer%n", duration.toSeconds(), size);
        out.flush();

        TrafficCheck check = new TrafficCheck();
        AtomicLong sent = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread sender = new Thread(() -> send(channel, sent, stop), "demo-sender");
        long start = System.nanoTime();
        sender.start();
        long deadline = start + duration.toNanos();
        while (System.nanoTime() < deadline) {
            receive(channel, check, Duration.ofMillis(100));
        }
        stop.set(true);
        sender.join();
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (check.distinct() < sent.get() && System.nanoTime() < drainUntil) {
            receive(channel, check, Duration.ofMillis(100));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        channel.close();

        long lost = check.lost(sent.get());
        out.printf("  sent %,d  received %,d  lost = %d  duplicated = %d  reordered = %d%n", sent.get(),
                check.received(), lost, check.duplicated(), check.reordered());
        out.printf("  %,.0f messages/s and %.1f MB/s each way (%d-byte messages, round trip through the peer)%n",
                check.received() / seconds, check.received() * (double) size / seconds / 1e6, size);
        out.flush();
        return lost == 0 && check.duplicated() == 0 && check.reordered() == 0 ? 0 : 1;
    }

    private String modules() {
        return host.modules().list().stream()
                .filter(m -> m.state() == ModuleState.STARTED)
                .map(ModuleInfo::label)
                .collect(Collectors.joining(", "));
    }

    private void send(Channel channel, AtomicLong sent, AtomicBoolean stop) {
        ByteBuffer message = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
        try {
            for (long seq = 0; !stop.get(); seq++) {
                message.clear();
                message.putLong(0, seq);
                channel.send(message);
                sent.incrementAndGet();
            }
        } catch (PeerClosedException e) {
            stop.set(true);
        }
    }

    private static void receive(Channel channel, TrafficCheck check, Duration timeout) {
        channel.receive((seq, m) -> check.arrived(m.order(ByteOrder.LITTLE_ENDIAN).getLong(m.position())), 1024,
                timeout);
    }
}
