package dev.patchbay.host.module;

import java.security.PrivilegedAction;

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
