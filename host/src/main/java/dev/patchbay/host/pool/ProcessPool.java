package dev.patchbay.host.pool;

import dev.patchbay.api.Address;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.demo.PeerLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A dispatcher and its worker processes. Each worker is a child process ({@code patchbay pool-worker}) on its own
 * channel, first over {@code pipe:child}. One feeder thread hands out tasks to the worker the {@link Balance}
 * picks, up to a window per worker; each worker's receiving thread books its results in the {@link TaskLedger}.
 * When a worker's channel ends (the process was killed), the tasks it held go to the front of the queue and a
 * replacement is spawned, so that nothing is lost.
 */
public final class ProcessPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessPool.class);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final Patchbay host;
    private final PoolOptions options;
    private final PoolEvents events;
    private final TaskLedger ledger;
    private final Duration helloTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<WorkerHandle> workers = new ArrayList<>();
    private final Deque<Long> retry = new ArrayDeque<>();
    private final int[] turn = {0};
    private final AtomicInteger numbers = new AtomicInteger();
    private final ExecutorService spawner;
    private final Thread feeder = new Thread(this::feed, "pool-feeder");
    private long nextTask;
    private long reassigned;
    private int respawned;
    private volatile boolean closing;
    private volatile long startNanos;
    private volatile long endNanos;

    private ProcessPool(Patchbay host, PoolOptions options, PoolEvents events, Duration helloTimeout) {
        this.host = host;
        this.options = options;
        this.events = events;
        this.ledger = new TaskLedger(options.tasks());
        this.helloTimeout = helloTimeout;
        AtomicInteger threads = new AtomicInteger();
        this.spawner = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pool-spawner-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        feeder.setDaemon(true);
    }

    /**
     * Spawns the workers (all at once) and waits until each has said hello; hands out no task yet.
     *
     * @param helloTimeout how long a new worker may take to start and answer
     */
    public static ProcessPool spawn(Patchbay host, PoolOptions options, PoolEvents events, Duration helloTimeout) {
        ProcessPool pool = new ProcessPool(host, options, events, helloTimeout);
        try {
            List<Future<WorkerHandle>> starting = new ArrayList<>();
            for (int i = 0; i < options.workers(); i++) {
                starting.add(pool.spawner.submit(() -> pool.spawnWorker(false)));
            }
            for (Future<WorkerHandle> f : starting) {
                f.get();
            }
            return pool;
        } catch (java.util.concurrent.ExecutionException e) {
            pool.close();
            throw e.getCause() instanceof RuntimeException r ? r : new PoolException(e.getCause().toString());
        } catch (InterruptedException e) {
            pool.close();
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while the workers started");
        }
    }

    private WorkerHandle spawnWorker(boolean respawn) {
        int number = numbers.incrementAndGet();
        String command = PeerLauncher.shellCommand(host.modules().pluginsDir(), "pool-worker", "pipe:stdio");
        Channel channel = host.listen(Address.of("pipe", "child", Map.of("exec", command)).toString());
        WorkerHandle worker;
        try {
            worker = new WorkerHandle(number, WorkerHandle.awaitHello(channel, helloTimeout), channel);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
        lock.lock();
        try {
            if (closing) {
                channel.close();
                return worker;
            }
            workers.add(worker);
            if (respawn) {
                respawned++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        worker.start(this::onResult, this::onEnd);
        LOG.debug("{} started on {}", worker, channel.link().address());
        events.started(worker, respawn);
        return worker;
    }

    /** Starts handing out tasks. */
    public void start() {
        startNanos = System.nanoTime();
        feeder.start();
    }

    private void feed() {
        long handedOut = 0;
        while (true) {
            if (options.rate() > 0) {
                // Hand out on a fixed schedule, in slices the OS can honour.
                long due = startNanos + handedOut * 1_000_000_000L / options.rate();
                while (System.nanoTime() < due && !closing) {
                    LockSupport.parkNanos(100_000);
                }
            }
            WorkerHandle worker;
            long id;
            lock.lock();
            try {
                while (true) {
                    if (closing) {
                        return;
                    }
                    boolean fresh = retry.isEmpty();
                    id = fresh ? (nextTask < options.tasks() ? nextTask : -1) : retry.peekFirst();
                    worker = id < 0 ? null : options.balance().pick(workers, options.window(), turn);
                    if (worker != null) {
                        if (fresh) {
                            nextTask++;
                            handedOut++;
                        } else {
                            retry.pollFirst();
                        }
                        worker.hold(id);
                        break;
                    }
                    changed.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
            try {
                worker.send(id, options.work());
            } catch (PatchbayException e) {
                // The worker's receiving thread sees its end too and gives back what it held, this task included.
                LOG.debug("sending task {} to {} failed: {}", id, worker, e.toString());
            }
        }
    }

    private void onResult(WorkerHandle worker, long id, long value) {
        boolean correct = value == PoolMessages.compute(id, options.work());
        ledger.returned(id, correct);
        lock.lock();
        try {
            worker.release(id);
            // Wake the feeder once a window is half empty, not for every result: fewer switches on few cores.
            if (worker.outstandingCount() <= options.window() / 2 || ledger.distinct() == options.tasks()) {
                if (ledger.distinct() == options.tasks() && endNanos == 0) {
                    endNanos = System.nanoTime();
                }
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void onEnd(WorkerHandle worker, PatchbayException cause) {
        List<Long> orphans;
        lock.lock();
        try {
            if (!workers.remove(worker)) {
                return;
            }
            orphans = worker.takeOutstanding();
            if (!closing) {
                Collections.sort(orphans);
                for (int i = orphans.size() - 1; i >= 0; i--) {
                    retry.addFirst(orphans.get(i));
                }
                reassigned += orphans.size();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        worker.channel().close();
        if (closing) {
            return;
        }
        LOG.debug("{} ended ({}); {} tasks reassigned", worker, cause.toString(), orphans.size());
        events.died(worker, orphans.size(), cause.getMessage());
        spawner.submit(() -> {
            try {
                spawnWorker(true);
            } catch (RuntimeException e) {
                if (!closing) {
                    events.respawnFailed(e.getMessage());
                }
            }
        });
        worker.awaitExit(EXIT_WAIT);
    }

    /** Waits until {@code count} distinct tasks have come back; false if the timeout passed first. */
    public boolean awaitReturned(long count, Duration timeout) {
        long target = Math.min(count, options.tasks());
        return awaitUntil(() -> ledger.distinct() >= target, timeout);
    }

    /** Waits until every task has come back; false if the timeout passed first. */
    public boolean awaitDone(Duration timeout) {
        return awaitReturned(options.tasks(), timeout);
    }

    /** Waits until {@code count} replacements have been spawned in all; false if the timeout passed first. */
    public boolean awaitRespawned(int count, Duration timeout) {
        return awaitUntil(() -> respawned >= count, timeout);
    }

    private boolean awaitUntil(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closing) {
                    return false;
                }
                // Results wake waiters only now and then (see onResult): look again at least every 50 ms.
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The workers alive now, in the order they were spawned. */
    public List<WorkerHandle> workers() {
        lock.lock();
        try {
            return List.copyOf(workers);
        } finally {
            lock.unlock();
        }
    }

    /** Tasks outstanding at each live worker, in {@link #workers()} order. */
    public List<Integer> outstanding() {
        lock.lock();
        try {
            return workers.stream().map(WorkerHandle::outstandingCount).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Tasks outstanding at {@code worker} now. */
    public int outstandingOf(WorkerHandle worker) {
        lock.lock();
        try {
            return worker.outstandingCount();
        } finally {
            lock.unlock();
        }
    }

    /** Moves one worker's channel to {@code target} (a backend, or a whole address); blocks until it ends. */
    public MigrationReport swap(WorkerHandle worker, String target) {
        return host.swap(worker.channel().name(), target);
    }

    /** Distinct tasks returned so far. */
    public long returned() {
        return ledger.distinct();
    }

    public PoolOptions options() {
        return options;
    }

    /** The account so far. */
    public PoolSummary summary() {
        lock.lock();
        try {
            long end = endNanos != 0 ? endNanos : System.nanoTime();
            double seconds = startNanos == 0 ? 0 : (end - startNanos) / 1e9;
            return new PoolSummary(options.tasks(), nextTask, ledger.distinct(), options.tasks() - ledger.distinct(),
                    ledger.duplicated(), ledger.wrong(), reassigned, respawned, seconds);
        } finally {
            lock.unlock();
        }
    }

    /** Stops handing out tasks, closes every worker's channel (each process then ends) and waits for them. */
    @Override
    public void close() {
        List<WorkerHandle> all;
        lock.lock();
        try {
            closing = true;
            all = List.copyOf(workers);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (WorkerHandle w : all) {
            w.channel().close();
        }
        for (WorkerHandle w : all) {
            w.awaitExit(EXIT_WAIT);
        }
        spawner.shutdownNow();
        try {
            feeder.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
