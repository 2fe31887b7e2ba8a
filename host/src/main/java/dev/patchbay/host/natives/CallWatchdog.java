package dev.patchbay.host.natives;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks at every open native link a few times a second for a call into the module that has overrun its bound
 * (see {@link NativeLink#checkCalls}). An interrupt cannot reach a thread inside a native call, so this is the only
 * way such a call ends: the link is shut down under it (pb_shutdown wakes a module's blocked calls).
 */
final class CallWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(CallWatchdog.class);
    private static final long TICK_MILLIS = 250;
    /** How long past its timeout a call may return (a loaded machine is slow); tests shorten it. */
    private static final String GRACE_PROPERTY = "patchbay.native.grace.millis";
    private static final long DEFAULT_GRACE_MILLIS = 5000;
    private static final Set<NativeLink> LINKS = ConcurrentHashMap.newKeySet();
    private static ScheduledExecutorService timer;

    private CallWatchdog() {
    }

    /** The grace period of calls on links opened from now on. */
    static long graceNanos() {
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, Long.getLong(GRACE_PROPERTY, DEFAULT_GRACE_MILLIS)));
    }

    static void watch(NativeLink link) {
        LINKS.add(link);
        start();
    }

    static void forget(NativeLink link) {
        LINKS.remove(link);
    }

    private static synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "patchbay-native-watchdog");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(CallWatchdog::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private static void tick() {
        long now = System.nanoTime();
        for (NativeLink link : LINKS) {
            try {
                link.checkCalls(now);
            } catch (RuntimeException e) {
                // One link's trouble must not stop the watch over the others.
                LOG.warn("watching calls into {}: {}", link, e.toString());
            }
        }
    }
}
