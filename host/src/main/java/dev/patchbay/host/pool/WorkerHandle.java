package dev.patchbay.host.pool;

import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.demo.GapMeter;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dispatcher's view of one worker process: its channel, the tasks it holds, what it returned, and the thread
 * that receives its results (a channel migrates only while someone receives on it).
 */
public final class WorkerHandle {
    private final int number;
    private final long pid;
    private final Channel channel;
    private final Set<Long> outstanding = new LinkedHashSet<>();
    private final AtomicLong returned = new AtomicLong();
    private final GapMeter gaps = new GapMeter();
    private final ByteBuffer out = PoolMessages.buffer();
    private final long startNanos = System.nanoTime();
    private Thread receiver;
    private long sampledReturned;
    private long sampledNanos = startNanos;
    private volatile double recentRate;

    WorkerHandle(int number, long pid, Channel channel) {
        this.number = number;
        this.pid = pid;
        this.channel = channel;
    }

    /** Waits for the worker's HELLO and returns its pid. */
    static long awaitHello(Channel channel, Duration timeout) {
        long[] pid = {-1};
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pid[0] < 0 && System.nanoTime() < deadline) {
            channel.receive((seq, m) -> {
                if (PoolMessages.kind(m) == PoolMessages.HELLO) {
                    pid[0] = PoolMessages.first(m);
                }
            }, 1, Duration.ofMillis(200));
        }
        if (pid[0] < 0) {
            throw new PoolException("worker on " + channel.name() + " did not say hello within "
                    + timeout.toMillis() + " ms");
        }
        return pid[0];
    }

    /** Starts receiving results: each goes to {@code results}; the end of the channel to {@code died}. */
    void start(ResultSink results, DeathSink died) {
        receiver = new Thread(() -> {
            try {
                while (true) {
                    channel.receive((seq, m) -> {
                        if (PoolMessages.kind(m) == PoolMessages.RESULT) {
                            gaps.arrived();
                            returned.incrementAndGet();
                            results.accept(this, PoolMessages.first(m), PoolMessages.second(m));
                        }
                    }, 256, Duration.ofSeconds(1));
                }
            } catch (PatchbayException e) {
                died.accept(this, e);
            }
        }, "pool-worker-" + number);
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Sends one task; the pool has already counted it as outstanding here. */
    void send(long id, int work) {
        synchronized (out) {
            channel.send(PoolMessages.task(out, id, work));
        }
    }

    /** Sends SIGKILL to the worker's process. */
    public void kill() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Waits up to {@code timeout} for the worker's process to end; kills it if it does not. */
    void awaitExit(Duration timeout) {
        ProcessHandle.of(pid).ifPresent(p -> {
            try {
                p.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    // The outstanding set is guarded by the pool's lock.
    void hold(long id) {
        outstanding.add(id);
    }

    boolean release(long id) {
        return outstanding.remove(id);
    }

    int outstandingCount() {
        return outstanding.size();
    }

    List<Long> takeOutstanding() {
        List<Long> all = new ArrayList<>(outstanding);
        outstanding.clear();
        return all;
    }

    /** 1, 2, ... in the order the pool spawned them. */
    public int number() {
        return number;
    }

    public long pid() {
        return pid;
    }

    public Channel channel() {
        return channel;
    }

    /** Results received from this worker. */
    public long returned() {
        return returned.get();
    }

    /** Takes a rate sample: results per second since the previous sample (the progress ticker calls this). */
    synchronized void sample() {
        long now = System.nanoTime();
        long r = returned.get();
        recentRate = now == sampledNanos ? 0 : (r - sampledReturned) / ((now - sampledNanos) / 1e9);
        sampledReturned = r;
        sampledNanos = now;
    }

    /** Results per second over the last sample period (about a second): what the worker does now. */
    public double recentTasksPerSecond() {
        return recentRate;
    }

    /** The longest silence between two of this worker's results since the last call. */
    public long takeMaxGap() {
        return gaps.takeMaxGap();
    }

    /** The backend and module generation the worker's channel is on, e.g. {@code pipe@1.0.0}. */
    public String module() {
        return channel.transport().module().label();
    }

    @Override
    public String toString() {
        return "worker " + number + " (pid " + pid + ")";
    }

    /** Hears a result. */
    @FunctionalInterface
    interface ResultSink {
        void accept(WorkerHandle worker, long taskId, long value);
    }

    /** Hears that a worker's channel ended. */
    @FunctionalInterface
    interface DeathSink {
        void accept(WorkerHandle worker, PatchbayException cause);
    }
}
