package dev.patchbay.host.module;

import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.PatchbayException;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs calls into module code (opening links) on a small bounded pool and waits for them at most a given time, so
 * that a module that hangs cannot hold the caller — a migration, the patch watcher, a control command — for good.
 * A call that overruns is left behind on its pool thread and its generation is marked FAILED, so that nothing calls
 * it again: a module that would hang every call costs one thread, and the pool is bounded whatever happens.
 */
final class GuardedCalls {
    /** Enough for a patch moving 128 channels at a time with both of their hosts in one process, and then some. */
    static final int MAX_THREADS = 512;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> HostThreads.daemon(r, "patchbay-module-call-" + THREADS.incrementAndGet()));

    private GuardedCalls() {
    }

    /** What to do when a call overran its bound: mark the generation, and say what happened. */
    interface Overrun {
        PatchbayException overran(String what, Duration bound);
    }

    /**
     * Submits {@code call} to the pool.
     *
     * @throws ModuleException if the pool is full of calls that never returned
     */
    static <T> Future<T> submit(String what, Supplier<T> call) {
        try {
            return POOL.submit(call::get);
        } catch (RejectedExecutionException e) {
            throw new ModuleException("cannot " + what + ": " + MAX_THREADS + " opens are under way at once in this"
                    + " process; try again, and if it persists see 'patchbay plugins' for modules that hang (FAILED)");
        }
    }

    /**
     * Waits up to {@code bound} for a submitted call. A failure the module threw comes out as it was if it is a
     * {@link PatchbayException}; any other is a {@link ModuleException} naming the module and the call.
     */
    static <T> T await(Future<T> future, String module, String what, Duration bound, Overrun overrun) {
        try {
            return future.get(saturatedNanos(bound), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw overrun.overran(what, bound);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new LinkInterruptedException("interrupted while waiting for " + module + " to " + what);
        } catch (CancellationException e) {
            throw new LinkClosedException("closed while waiting for " + module + " to " + what);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PatchbayException p) {
                throw p;
            }
            if (cause instanceof RuntimeException || cause instanceof LinkageError) {
                throw new ModuleException("module " + module + " failed to " + what + ": " + cause
                        + "; the module is broken: fix or remove it", cause);
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new ModuleException("module " + module + " failed to " + what + ": " + cause, cause);
        }
    }

    /** Runs {@code call} on the pool and waits up to {@code bound} for it. */
    static <T> T call(String module, String what, Duration bound, Overrun overrun, Supplier<T> call) {
        return await(submit(what, call), module, what, bound, overrun);
    }

    /** How long to wait for a call that has its own time limit before calling it hung: that limit and some slack. */
    static Duration withSlack(Duration limit) {
        if (limit.compareTo(VERY_LONG) > 0) {
            // "No time limit" is a very long one; slack would only overflow.
            return limit;
        }
        return limit.plus(Duration.ofSeconds(1)).plus(limit.dividedBy(5));
    }

    private static final Duration VERY_LONG = Duration.ofDays(365L * 100);

    private static long saturatedNanos(Duration d) {
        return d.compareTo(VERY_LONG) > 0 ? Long.MAX_VALUE : d.toNanos();
    }
}
