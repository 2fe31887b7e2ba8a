package dev.patchbay.host.faults;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process this run started (and this one): what their pids own is this run's to account for. A daemon
 * thread notes this process's descendants a few times a second, so that peers spawned by backends (a
 * {@code pipe:child}) are known however they were started.
 */
final class RunProcesses implements AutoCloseable {
    private final Set<Long> pids = ConcurrentHashMap.newKeySet();
    private final Thread watcher;
    private volatile boolean stopped;

    RunProcesses() {
        pids.add(ProcessHandle.current().pid());
        watcher = new Thread(this::watch, "faults-process-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch() {
        while (!stopped) {
            note();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Notes the descendants there are now. */
    void note() {
        ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
    }

    void add(long pid) {
        pids.add(pid);
    }

    boolean contains(long pid) {
        return pids.contains(pid);
    }

    @Override
    public void close() {
        stopped = true;
        watcher.interrupt();
    }
}
