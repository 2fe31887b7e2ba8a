package dev.patchbay.api.testkit;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a call that is expected to block (a receive with nothing to read, an accept with no peer) and returns once
 * its thread waits in it, so that what a test does next — a close, a kill — happens to a waiting call and not to
 * one still on its way in. Awaits the thread's state instead of sleeping for a guessed while.
 */
public final class Blocked {
    private Blocked() {
    }

    /** Runs {@code call} on a new daemon thread; returns when that thread is parked or sleeping, or the call ended. */
    public static <T> CompletableFuture<T> start(Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "blocked-call");
        thread.setDaemon(true);
        thread.start();
        Awaitility.await("a blocking call to wait").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                .until(() -> result.isDone() || waits(thread));
        return result;
    }

    /** The same for a call that returns nothing. */
    public static CompletableFuture<Void> run(Runnable call) {
        return start(() -> {
            call.run();
            return null;
        });
    }

    /** Parked or sleeping; or in a native call (a futex or poll wait through JNA shows as RUNNABLE). */
    private static boolean waits(Thread thread) {
        Thread.State state = thread.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED) {
            return true;
        }
        StackTraceElement[] stack = thread.getStackTrace();
        return state == Thread.State.RUNNABLE && stack.length > 0 && stack[0].isNativeMethod();
    }
}
