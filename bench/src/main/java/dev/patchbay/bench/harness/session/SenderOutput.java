package dev.patchbay.bench.harness.session;

import dev.patchbay.bench.harness.peer.ControlProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a sender's stdout on a thread of its own, so that the launcher can wait for an answer with a timeout.
 * Protocol lines are queued; anything else a sender prints is logged.
 */
final class SenderOutput {
    private static final Logger LOG = LoggerFactory.getLogger(SenderOutput.class);
    private static final Set<String> ANSWERS = Set.of(ControlProtocol.READY, ControlProtocol.OK,
            ControlProtocol.RESULT, ControlProtocol.ERROR);
    /** Queued when the stream ends, so that a waiting launcher learns at once that the sender is gone. */
    private static final String END = "\0end";

    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    SenderOutput(String label, InputStream stdout) {
        Thread reader = new Thread(() -> pump(label, stdout), "stdout-" + label);
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(String label, InputStream stdout) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (ANSWERS.contains(ControlProtocol.verb(line))) {
                    answers.add(line);
                } else {
                    LOG.info("{}: {}", label, line);
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: stdout ended: {}", label, e.toString());
        } finally {
            answers.add(END);
        }
    }

    /** The next answer; empty when none came in time or the sender closed its stdout. */
    Optional<String> next(Duration timeout) throws InterruptedException {
        String line = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (END.equals(line)) {
            answers.add(END);
            return Optional.empty();
        }
        return Optional.ofNullable(line);
    }

    /** True once the sender closed its stdout (it usually exits next, if it has not yet). */
    boolean ended() {
        return END.equals(answers.peek());
    }
}
