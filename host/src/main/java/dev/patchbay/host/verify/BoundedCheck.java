package dev.patchbay.host.verify;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one check on a thread of its own with a time limit: a module that hangs in a call the host does not guard
 * fails that check instead of hanging the whole verification. The thread is a daemon, so one left stuck in the
 * module does not keep the JVM alive.
 */
final class BoundedCheck {
    private BoundedCheck() {
    }

    static CheckResult run(String check, Duration limit, Callable<CheckResult> body) {
        FutureTask<CheckResult> task = new FutureTask<>(body);
        Thread thread = new Thread(task, "patchbay-verify-" + check);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return CheckResult.fail(check, "did not finish within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return CheckResult.fail(check, cause.getMessage() != null ? cause.getMessage() : cause.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return CheckResult.fail(check, "interrupted");
        }
    }
}
