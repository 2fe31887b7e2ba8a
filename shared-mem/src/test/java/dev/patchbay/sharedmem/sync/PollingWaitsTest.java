package dev.patchbay.sharedmem.sync;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waits that poll memory read the clock only now and then, not in each spin; they must still end at their
 * timeout, at an interrupt, and as soon as the condition holds.
 */
class PollingWaitsTest {
    /** A bound on lateness that only a wait that forgot its timeout misses, even on two busy cores. */
    private static final long LATE_NANOS = TimeUnit.SECONDS.toNanos(5);

    static List<WaitStrategy> strategies() {
        return List.of(new BusySpin(), BackoffIdle.DEFAULT, new BackoffIdle(0, 0, 1_000, 1_000_000),
                new BackoffIdle(10_000, 0, 1_000, 1_000_000));
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void endsAtItsTimeoutWhenTheConditionNeverHolds(WaitStrategy strategy) {
        long timeout = TimeUnit.MILLISECONDS.toNanos(30);
        long start = System.nanoTime();
        assertThat(strategy.await(() -> false, null, timeout)).isFalse();
        long took = System.nanoTime() - start;
        assertThat(took).as("%s waited %d ns for a %d ns timeout", strategy, took, timeout)
                .isGreaterThanOrEqualTo(timeout).isLessThan(timeout + LATE_NANOS);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void endsAtAnInterruptAndKeepsIt(WaitStrategy strategy) {
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        assertThat(strategy.await(() -> false, null, TimeUnit.MINUTES.toNanos(10))).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(LATE_NANOS);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void returnsOnceAnotherThreadMakesTheConditionTrue(WaitStrategy strategy) throws InterruptedException {
        AtomicBoolean ready = new AtomicBoolean();
        Thread setter = new Thread(() -> {
            // Past the spins of every strategy here, so that the wait is in its clocked part when it comes.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            ready.set(true);
        });
        setter.start();
        long start = System.nanoTime();
        assertThat(strategy.await(ready::get, null, TimeUnit.MINUTES.toNanos(10))).isTrue();
        assertThat(System.nanoTime() - start).isLessThan(LATE_NANOS);
        setter.join();
    }
}
