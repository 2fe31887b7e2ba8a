package dev.patchbay.api;

/**
 * A 32-bit word in shared memory that the medium's writer changes, and wakes with {@code FUTEX_WAKE}, whenever
 * {@link Link#receive} may find something new, as long as a waiter is registered on it. It lets a host wait for
 * many idle shared-memory links at once with {@code futex_waitv(2)}, as it waits for descriptors with poll(2).
 *
 * <p>Waiting follows the futex rule: {@link #arm} (which registers the waiter and reads the word), then look once
 * more with a {@code receive} that does not wait, and sleep only while the word still holds the value {@code arm}
 * returned. A writer that publishes after the look sees the waiter and changes the word, so nothing is missed.
 * After a wake-up, {@link #value} gives the word to wait on next while staying registered.
 *
 * <p>The host calls these methods from one thread at a time, never while a {@code receive} of the same link runs.
 * They are harmless after {@link Link#close}: {@link #arm} and {@link #value} then return a value that differs from
 * every earlier one only if the link can still tell, and {@link #disarm} does nothing. Closing the link withdraws a
 * registration it still holds.
 *
 * @since plugin API 1.2
 */
public interface ReadinessWord {
    /**
     * The word's address in this process, 4-byte aligned, in a mapping shared with the writer (so a futex on it is
     * not process-private). Valid until the link is closed; waiting on it afterwards is safe (the kernel checks the
     * address) but may only time out.
     */
    long address();

    /** Registers a waiter, so the writer wakes the word from now on, and returns the word's value. */
    int arm();

    /** The word's value now, for the next wait of a waiter that stays registered. */
    int value();

    /** Withdraws the registration {@link #arm} made; the writer stops waking when no waiter is left. */
    void disarm();
}
