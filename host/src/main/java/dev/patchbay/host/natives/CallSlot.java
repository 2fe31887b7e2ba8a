package dev.patchbay.host.natives;

/**
 * The call a thread is making into a link right now, if any, with the timeout it was given and the moment it must
 * have returned by: what {@link CallWatchdog} looks at. One per direction of a link, since one thread may send
 * while another receives.
 */
final class CallSlot {
    private volatile long started;
    private volatile long timeout;
    private volatile long deadline;
    /** The function being called; null between calls. Written last, so a reader that sees it sees its times. */
    private volatile String call;

    /** A call given {@code timeoutNanos} begins; it must return within that and {@code graceNanos}. */
    void begin(String name, long timeoutNanos, long graceNanos) {
        long now = System.nanoTime();
        long bound = timeoutNanos > Long.MAX_VALUE - graceNanos ? Long.MAX_VALUE : timeoutNanos + graceNanos;
        this.started = now;
        this.timeout = timeoutNanos;
        this.deadline = bound > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + bound;
        this.call = name;
    }

    void end() {
        call = null;
    }

    /** The call under way, or null. */
    String call() {
        return call;
    }

    /** How far past its deadline the call under way is at {@code now}; negative while in time. */
    long lateBy(long now) {
        long d = deadline;
        return d == Long.MAX_VALUE ? -1 : now - d;
    }

    /** The timeout the call under way was given. */
    long timeout() {
        return timeout;
    }

    /** How long past its timeout the call under way has run at {@code now}. */
    long overrun(long now) {
        return now - started - timeout;
    }
}
