package dev.patchbay.host.cli;

/**
 * Work to do if the user stops a long command with Ctrl-C (SIGINT runs the JVM's shutdown hooks): print what was
 * done so far, remove temporary folders. Closing it after a normal end unregisters the work.
 */
final class OnCtrlC implements AutoCloseable {
    private final Thread hook;

    private OnCtrlC(Runnable work) {
        this.hook = new Thread(work, "patchbay-ctrl-c");
    }

    static OnCtrlC run(Runnable work) {
        OnCtrlC c = new OnCtrlC(work);
        Runtime.getRuntime().addShutdownHook(c.hook);
        return c;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C came first: the hook is running and does the work.
        }
    }
}
