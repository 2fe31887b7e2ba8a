package dev.patchbay.transport.mmap;

import dev.patchbay.api.testkit.PeerProcess;
import org.awaitility.Awaitility;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A child JVM whose stdout lines the test reads; its stderr goes to the peer log. */
final class ChildOutput {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> everything = Collections.synchronizedList(new ArrayList<>());
    private final Thread pump;
    private volatile String last;

    private ChildOutput(Process process) {
        this.process = process;
        this.pump = new Thread(this::pump, "child-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    static ChildOutput start(Class<?> main, String... args) {
        try {
            return new ChildOutput(new ProcessBuilder(PeerProcess.command(main, args))
                    .redirectError(ProcessBuilder.Redirect.appendTo(PeerProcess.logFile(main))).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                last = line;
                everything.add(line);
                lines.add(line);
            }
        } catch (IOException e) {
            // The child is gone.
        }
    }

    /** The next line starting with {@code prefix}, skipping others; null if none came in time. */
    String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** True while the process runs. */
    boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits until the child has written {@code count} lines starting with {@code prefix} since it started, without
     * taking them: a point in its progress to act at.
     */
    void awaitCount(String prefix, int count, Duration timeout) {
        Awaitility.await("child " + process.pid() + " to write " + count + " '" + prefix + "' lines")
                .atMost(timeout).pollInterval(Duration.ofMillis(1))
                .until(() -> count(prefix) >= count || !process.isAlive());
    }

    private long count(String prefix) {
        synchronized (everything) {
            return everything.stream().filter(l -> l.startsWith(prefix)).count();
        }
    }

    /** SIGKILL, then waits until the process is gone and its output read to the end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        pump.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** Waits for the process to end by itself; its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child " + process.pid() + " did not exit within " + timeout);
        }
        pump.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** The last line it wrote, once its output is read to the end. */
    String last() {
        return last;
    }

    /** Every line not taken yet by {@link #await}, in order. */
    List<String> rest() {
        List<String> out = new ArrayList<>();
        lines.drainTo(out);
        return out;
    }
}
