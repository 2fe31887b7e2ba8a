package dev.patchbay.host.examples;

import dev.patchbay.host.demo.PeerLauncher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running one of the CLI's hidden example commands, whose stdout lines ({@code READY}, {@code HOLDING},
 * ...) tell the parent where it is. Closing it kills the process if it still runs: an example leaves nothing behind.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private ChildProcess(Process process) {
        this.process = process;
        reader = new Thread(this::readLines, "example-child-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code patchbay <args>} in a new JVM on this class path; its stderr goes to ours. */
    public static ChildProcess start(Path pluginsDir, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(PeerLauncher.command(pluginsDir, args))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ChildProcess(builder.start());
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process is gone; whoever waits for a line times out and says so.
        }
    }

    /**
     * Waits for the next line that starts with {@code prefix} and returns it, skipping others.
     *
     * @throws ExampleException if the process ends or the timeout passes first
     */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new ExampleException("process " + pid() + " did not say " + prefix + " within "
                        + timeout.toSeconds() + " s" + (process.isAlive() ? "" : " (it exited with status "
                        + process.exitValue() + ")"));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /**
     * The lines not yet taken by {@link #awaitLine}, once the process has ended and all it wrote has been read
     * (waiting up to {@code timeout} for that).
     */
    public java.util.List<String> remainingLines(Duration timeout) throws InterruptedException {
        awaitExit(timeout);
        reader.join(timeout.toMillis());
        java.util.List<String> rest = new java.util.ArrayList<>();
        lines.drainTo(rest);
        return rest;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL. */
    public void kill() {
        process.destroyForcibly();
    }

    /**
     * Waits for the process to end and returns its status.
     *
     * @throws ExampleException if it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ExampleException("process " + pid() + " did not end within " + timeout.toSeconds() + " s");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
