package dev.patchbay.bench.harness.session;

import dev.patchbay.bench.harness.contender.CpuAffinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Confines every thread of a process to a set of CPUs with {@code taskset}, and reads the result back thread by
 * thread from {@code /proc/<pid>/task/<tid>/status}.
 *
 * <p>{@code taskset -a} lists a process's threads and then moves them one by one, so it races the process it moves:
 * a thread that ends in between makes it fail and skip the threads after it, and a thread started meanwhile by one
 * not yet moved keeps the old CPUs. A JVM starts and ends threads of its own at any time (compiler threads, for
 * one), so both happen. Neither lasts: the threads that escaped are moved again, one by one, a few times with a
 * short pause, and a thread that is gone by then is no error. Once every live thread reads back right, the threads
 * started later stay put too, because a thread starts with the CPUs of the thread that started it. Only what
 * persists fails: a process that is gone, or CPUs the kernel keeps refusing.
 */
public final class ThreadPinner {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadPinner.class);
    /** The first move and this many minus one repairs. */
    static final int ATTEMPTS = 5;
    /** Doubled after every repair: 75 ms in all before a pinning is given up. */
    private static final Duration FIRST_PAUSE = Duration.ofMillis(5);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);

    private ThreadPinner() {
    }

    /**
     * Confines every thread of process {@code pid} to exactly {@code cpus} and returns once each of its live
     * threads reads back so.
     *
     * @throws PinningException if the process is gone, or threads still read back elsewhere after
     *                          {@link #ATTEMPTS} attempts; the message says which and what {@code taskset} said
     */
    public static void pin(long pid, BitSet cpus) {
        if (pid <= 0 || cpus.isEmpty()) {
            throw new IllegalArgumentException("cannot pin process " + pid + " to CPUs " + CpuAffinity.format(cpus));
        }
        String list = CpuAffinity.format(cpus);
        Optional<String> refusal = taskset("-a", "-p", "-c", list, Long.toString(pid));
        long pause = FIRST_PAUSE.toNanos();
        for (int attempt = 1; ; attempt++) {
            Map<Long, BitSet> threads = CpuAffinity.allowedPerThread(pid);
            if (threads.isEmpty()) {
                throw new PinningException("process " + pid + " is gone");
            }
            List<Long> escaped = threads.entrySet().stream().filter(t -> !t.getValue().equals(cpus))
                    .map(Map.Entry::getKey).toList();
            if (escaped.isEmpty()) {
                if (attempt > 1) {
                    LOG.debug("process {}: every thread on CPUs {} after {} attempts", pid, list, attempt);
                }
                return;
            }
            if (attempt == ATTEMPTS) {
                throw new PinningException("after " + ATTEMPTS + " attempts, " + escaped.size() + " of the "
                        + threads.size() + " threads of process " + pid + " may still run elsewhere than CPUs "
                        + list + " (" + escaped.stream().map(tid -> tid + " on " + CpuAffinity.format(threads.get(tid)))
                        .collect(Collectors.joining(", ")) + ")"
                        + refusal.map(r -> "; taskset said: " + r).orElse(""));
            }
            LOG.debug("process {}: threads {} escaped CPUs {}; moving them again", pid, escaped, list);
            for (long tid : escaped) {
                Optional<String> said = taskset("-p", "-c", list, Long.toString(tid));
                if (said.isPresent() && Files.exists(taskDir(pid, tid))) {
                    refusal = said;
                }
            }
            LockSupport.parkNanos(pause);
            pause *= 2;
        }
    }

    private static Path taskDir(long pid, long tid) {
        return Path.of("/proc", Long.toString(pid), "task", Long.toString(tid));
    }

    /** Runs taskset; empty when it succeeded, else the last line it printed (its complaint). */
    private static Optional<String> taskset(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "taskset";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
            tool.getOutputStream().close();
            String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!tool.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                tool.destroyForcibly();
                return Optional.of(String.join(" ", command) + " did not finish in " + TOOL_TIMEOUT.toSeconds()
                        + " s");
            }
            if (tool.exitValue() == 0) {
                return Optional.empty();
            }
            LOG.debug("{}: {}", String.join(" ", command), output);
            return Optional.of(output.lines().filter(l -> l.startsWith("taskset:")).reduce((a, b) -> b)
                    .orElse(String.join(" ", command) + " exited with status " + tool.exitValue()));
        } catch (IOException e) {
            throw new PinningException("cannot run taskset: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PinningException("interrupted while pinning");
        }
    }
}
