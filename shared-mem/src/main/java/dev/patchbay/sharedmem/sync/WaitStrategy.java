package dev.patchbay.sharedmem.sync;

import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * How a thread waits for a condition another process will make true (records in a ring, space in a ring): by
 * spinning, by backing off from spinning to parking, or by sleeping in the kernel on a {@link Doorbell}.
 *
 * <p>The choice matters on small machines: two busy spinners on two cores starve everything else, and each other
 * when a third thread runs. {@link BusySpin} is lowest latency and burns a core; {@link BackoffIdle} costs little
 * when idle and wakes within its longest park; {@link FutexWait} costs nothing when idle and wakes at once, at
 * the price of a system call to wake and a fence per signal on the other side.
 *
 * <p>Every wait has a timeout: none spins or sleeps forever. A strategy has no state and may be shared.
 */
public sealed interface WaitStrategy permits BusySpin, BackoffIdle, FutexWait {

    /**
     * Waits until {@code condition} holds or {@code timeoutNanos} pass, or the thread is interrupted (the
     * interrupt stays set).
     *
     * @param condition checked repeatedly; cheap and without side effects
     * @param doorbell  rung by whoever makes the condition true; may be null for the strategies that do not sleep
     *                  in the kernel
     * @return the last value of {@code condition}
     */
    boolean await(BooleanSupplier condition, Doorbell doorbell, long timeoutNanos);

    /** {@code timeout} in nanoseconds, saturated at about 146 years; negative timeouts are refused. */
    static long nanos(Duration timeout) {
        return Deadlines.toNanos(timeout);
    }

    /** Spin with {@link Thread#onSpinWait()} only. */
    static WaitStrategy busySpin() {
        return new BusySpin();
    }

    /** Spin, then yield, then park for growing times up to 1 ms: {@link BackoffIdle#DEFAULT}. */
    static WaitStrategy backoff() {
        return BackoffIdle.DEFAULT;
    }

    /** Spin briefly, then sleep on the doorbell: {@link FutexWait#DEFAULT}. */
    static WaitStrategy futex() {
        return FutexWait.DEFAULT;
    }

    /**
     * The strategy a configuration names: {@code spin} ({@link #busySpin()}), {@code backoff} ({@link #backoff()})
     * or {@code futex} ({@link #futex()}), case-insensitive.
     *
     * @throws IllegalArgumentException for any other name, listing these three
     */
    static WaitStrategy named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "spin" -> busySpin();
            case "backoff" -> backoff();
            case "futex" -> futex();
            default -> throw new IllegalArgumentException("unknown wait strategy '" + name
                    + "': use spin, backoff or futex");
        };
    }
}
