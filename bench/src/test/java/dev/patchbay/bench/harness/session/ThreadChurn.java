package dev.patchbay.bench.harness.session;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A process whose threads never hold still, for pinning tests: it keeps starting threads that live a few hundred
 * microseconds and end, several at a time, until its stdin closes. It prints {@code ready} once it churns.
 */
public final class ThreadChurn {
    private static final int AT_ONCE = 8;

    private ThreadChurn() {
    }

    public static void main(String[] args) throws IOException {
        Thread churn = new Thread(ThreadChurn::churn, "churn");
        churn.setDaemon(true);
        churn.start();
        System.out.println("ready");
        System.out.flush();
        // Ends with the test that started it, however that test ends.
        while (System.in.read() >= 0) {
            Thread.onSpinWait();
        }
    }

    private static void churn() {
        Thread[] threads = new Thread[AT_ONCE];
        for (long n = 0; ; n++) {
            int slot = (int) (n % AT_ONCE);
            if (threads[slot] != null) {
                join(threads[slot]);
            }
            threads[slot] = new Thread(() -> LockSupport.parkNanos(
                    ThreadLocalRandom.current().nextLong(50_000, 500_000)), "short-lived-" + n);
            threads[slot].setDaemon(true);
            threads[slot].start();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
