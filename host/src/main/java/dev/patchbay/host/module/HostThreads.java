package dev.patchbay.host.module;

import com.sun.jna.Memory;

import java.security.PrivilegedAction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Threads for the host's pools that hold on to no module generation. A pool makes a thread on whichever thread hands
 * it work, and on Java 17 a new thread keeps the protection domains of every class on its maker's stack, and the
 * maker's context class loader. When that stack runs through module code (a control frame read by a plugin's link
 * hands a migration step to the pool), the thread keeps that generation's class loader for as long as it lives, and
 * a pool reuses its threads for good: every patch that grows a pool would leave one more generation loaded.
 */
public final class HostThreads {
    private HostThreads() {
    }

    /** Keeps JNA's cleaner thread running for the life of the process; see {@link #startLibraryThreads}. */
    @SuppressWarnings("unused") // Held, never read: its registration is what keeps the thread alive.
    private static Memory cleanerAnchor;

    /**
     * Starts, from this class and not from module code, the daemon threads that libraries start on first use on
     * whichever thread uses them: JNA's cleaner (which also stops after 30 s with nothing to clean, and starts again
     * on the next use; one object registered for good keeps it running) and {@code CompletableFuture}'s delay
     * scheduler (a health window's timeout). Started lazily on a link's reader, either would keep the generation
     * on that stack loaded for as long as it lives, as {@link #daemon} explains: a patched generation's class loader
     * stayed reachable after its channels had all moved. Idempotent.
     */
    @SuppressWarnings("removal")
    public static synchronized void startLibraryThreads() {
        if (cleanerAnchor != null) {
            return;
        }
        Thread current = Thread.currentThread();
        ClassLoader callers = current.getContextClassLoader();
        current.setContextClassLoader(HostThreads.class.getClassLoader());
        try {
            PrivilegedAction<Memory> start = () -> {
                CompletableFuture.delayedExecutor(0, TimeUnit.NANOSECONDS).execute(() -> { });
                return new Memory(1);
            };
            cleanerAnchor = java.security.AccessController.doPrivileged(start);
        } finally {
            current.setContextClassLoader(callers);
        }
    }

    /** A daemon thread named {@code name} that runs {@code work}, with none of its maker's module code attached. */
    @SuppressWarnings("removal")
    public static Thread daemon(Runnable work, String name) {
        // Privileged, the new thread inherits only the domain of this class, not those of the callers above it.
        PrivilegedAction<Thread> make = () -> new Thread(work, name);
        Thread t = java.security.AccessController.doPrivileged(make);
        t.setDaemon(true);
        t.setContextClassLoader(HostThreads.class.getClassLoader());
        return t;
    }
}
