package dev.patchbay.host.natives;

import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.host.module.DistributionFolder;
import dev.patchbay.host.module.ModuleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The helper process of an isolated native module: {@code bin/pbisolate} running the library, so that a fault in
 * it kills the helper and not the host. Requests go to its stdin and answers come from its stdout, a line each
 * (the protocol is described in pbisolate.c); messages never pass here, they travel on nshm rings the helper
 * relays each link onto.
 *
 * <p>The host notices the helper's death through {@link Process#onExit()} (the kernel tells the JVM's reaper at
 * once) and every ring link on it through its own peer check, within 100 ms. What died, and of which signal, is
 * said once, in {@link #death()}, and handed to whoever asked to be told (the module, which turns FAILED).
 */
final class IsolationHelper {
    private static final Logger LOG = LoggerFactory.getLogger(IsolationHelper.class);
    /** How long the helper may take to load the library and say it is ready. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** How long an answer may come after the timeout the request itself carries. */
    static final Duration ANSWER_SLACK = Duration.ofMillis(500);
    private static final Duration QUICK = Duration.ofSeconds(5);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(2);

    private final String fileName;
    private final Process process;
    private final Writer requests;
    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** What broke relayed links, by ring address, until the link asks. */
    private final Map<String, PatchbayException> broken = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private volatile String death;
    /** Completed with {@link #death} once it is known. */
    private final CompletableFuture<String> gone = new CompletableFuture<>();

    private IsolationHelper(String fileName, Process process) {
        this.fileName = fileName;
        this.process = process;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** The helper program: {@code bin/pbisolate} of the distribution this host runs from. */
    static Path program() {
        return DistributionFolder.root().resolve("bin").resolve("pbisolate");
    }

    /**
     * Starts a helper that loads {@code library} and waits until it is ready.
     *
     * @param onDeath told why, once, if the helper dies while not being closed by {@link #close}
     * @throws ModuleException if the helper cannot be started or cannot load the library
     */
    static IsolationHelper start(Path library, String fileName, Consumer<String> onDeath) {
        Path program = program();
        if (!Files.isExecutable(program)) {
            throw new ModuleException("cannot run " + fileName + " in a helper process: " + program
                    + " is missing (build with ./mvnw package; it needs gcc)");
        }
        Process process;
        try {
            process = new ProcessBuilder(List.of(program.toString(), library.toString())).start();
        } catch (IOException e) {
            throw new ModuleException("cannot start " + program + " for " + fileName + ": " + e.getMessage());
        }
        IsolationHelper helper = new IsolationHelper(fileName, process);
        CompletableFuture<String> ready = new CompletableFuture<>();
        helper.pending.put(0L, ready);
        helper.readOutput();
        process.onExit().thenRun(() -> helper.died(onDeath));
        try {
            String pid = helper.await(0, ready, START_TIMEOUT, "start");
            LOG.info("{} runs isolated in helper process {}", fileName, pid);
            return helper;
        } catch (PatchbayException e) {
            helper.close();
            throw new ModuleException("cannot run " + fileName + " in a helper process: " + e.getMessage());
        }
    }

    /** Answers from stdout; whatever the helper or the library prints on stderr goes to the host's log. */
    private void readOutput() {
        lines("pbisolate-" + process.pid(), process.getInputStream(), this::answer);
        lines("pbisolate-err-" + process.pid(), process.getErrorStream(),
                line -> LOG.warn("{}'s helper (pid {}): {}", fileName, process.pid(), line));
    }

    private void lines(String name, InputStream stream, Consumer<String> each) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    each.accept(line);
                }
            } catch (IOException e) {
                LOG.debug("{}: reading {} ended: {}", fileName, name, e.toString());
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
    }

    /** "ID ok REST", "ID ready PID", "ID err CODE TEXT", or unasked "0 broke CODE RING_ADDRESS TEXT". */
    private void answer(String line) {
        String[] parts = line.split(" ", 3);
        if (parts.length == 3 && parts[0].equals("0") && parts[1].equals("broke")) {
            String[] words = parts[2].split(" ", 3);
            if (words.length == 3) {
                broken.put(words[1], error(words[0] + " " + words[2]));
            }
            return;
        }
        CompletableFuture<String> waiting;
        try {
            waiting = parts.length < 2 ? null : pending.get(Long.parseLong(parts[0]));
        } catch (NumberFormatException e) {
            waiting = null;
        }
        if (waiting == null) {
            LOG.warn("{}'s helper answered what nobody asks any more: {}", fileName, line);
            return;
        }
        String rest = parts.length > 2 ? parts[2] : "";
        if (parts[1].equals("ok") || parts[1].equals("ready")) {
            waiting.complete(rest);
        } else {
            waiting.completeExceptionally(error(rest));
        }
    }

    /** "CODE TEXT" as the exception the module's code and words make. */
    private PatchbayException error(String codeAndText) {
        String[] error = codeAndText.split(" ", 2);
        int code;
        try {
            code = Integer.parseInt(error[0]);
        } catch (NumberFormatException e) {
            code = NativeAbi.PB_ERR_IO;
        }
        return NativeErrors.toException(code, error.length > 1 ? error[1] : "", fileName + " in its helper process");
    }

    /**
     * Why the module broke the link relayed onto {@code ringAddress} (corrupt input from its peer, say), if it did:
     * the helper says so before it closes the ring, and a ping answered after that line makes sure it was read.
     */
    Optional<PatchbayException> breakage(String ringAddress) {
        request("ping");
        return Optional.ofNullable(broken.remove(ringAddress));
    }

    private void died(Consumer<String> onDeath) {
        int status = process.exitValue();
        // The JVM reports a child killed by signal N as 128 + N.
        String how = status > 128 ? "died of " + Signals.describe(status - 128) : "exited with status " + status;
        death = fileName + "'s helper process (pid " + process.pid() + ") " + how;
        for (CompletableFuture<String> waiting : pending.values()) {
            waiting.completeExceptionally(new PeerClosedException(death));
        }
        gone.complete(death);
        if (!closing) {
            LOG.warn("{}", death);
            onDeath.accept(death);
        }
    }

    /**
     * Sends a request and waits for its answer, at most {@code bound}.
     *
     * @return the answer's text after {@code ok}
     * @throws PatchbayException the module's error, or why the helper cannot answer
     */
    String request(String line, Duration bound) {
        if (death != null) {
            throw new TransportIoException(death);
        }
        long id = ids.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (requests) {
                requests.write(id + " " + line + "\n");
                requests.flush();
            }
            return await(id, answer, bound, line.split(" ", 2)[0]);
        } catch (IOException e) {
            throw new TransportIoException(death != null ? death : fileName + "'s helper process does not take"
                    + " requests: " + e.getMessage());
        } finally {
            pending.remove(id);
        }
    }

    /** A request that the helper answers at once. */
    String request(String line) {
        return request(line, QUICK);
    }

    private String await(long id, CompletableFuture<String> answer, Duration bound, String what) {
        try {
            return answer.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TransportIoException(fileName + "'s helper process did not answer " + what + " within "
                    + bound.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkInterruptedException("interrupted while waiting for " + fileName + "'s helper process"
                    + " to " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PatchbayException p) {
                throw p;
            }
            throw new TransportIoException(fileName + "'s helper process, request " + id + ": " + e.getCause());
        } finally {
            pending.remove(id);
        }
    }

    /** Why the helper is gone, once it is. */
    Optional<String> death() {
        return Optional.ofNullable(death);
    }

    /** Waits up to {@code wait} for the helper to be gone; then says why. */
    Optional<String> deathWithin(Duration wait) {
        try {
            return Optional.of(gone.get(wait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return death();
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Ends the helper: the end of its stdin makes it exit, and its links die with it (their peers see that). Waits
     * briefly, then kills it.
     */
    void close() {
        closing = true;
        try {
            requests.close();
        } catch (IOException e) {
            LOG.debug("{}'s helper: closing its stdin: {}", fileName, e.toString());
        }
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
