package dev.patchbay.bench.harness.session;

import dev.patchbay.bench.harness.contender.Contender;
import dev.patchbay.bench.harness.contender.CpuAffinity;
import dev.patchbay.bench.harness.contender.PairCommands;
import dev.patchbay.bench.harness.contender.Placement;
import dev.patchbay.bench.harness.contender.SessionSpec;
import dev.patchbay.bench.harness.peer.ControlProtocol;
import dev.patchbay.bench.harness.result.LatencyRound;
import dev.patchbay.bench.harness.result.ThroughputRound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One contender's running pair for one message size: the launcher starts it once, warms it up, then asks it for
 * rounds, alternating with the other contender's session. The sender's stderr (and a receiver's, which a spawned
 * child inherits) goes to {@code <work>/<id>.log}, which a failure quotes.
 */
public final class Session implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** A JVM pair on a busy 2-core machine can take a few seconds to meet. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Added to every round's own length before a sender is taken to be stuck. */
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 20;

    private final SessionSpec spec;
    private final Contender contender;
    private final Process sender;
    private final Optional<Process> receiver;
    private final Writer commands;
    private final SenderOutput output;
    private final Path log;
    private long receiverPid;
    private int rounds;
    private boolean pinned;
    private boolean paused;

    private Session(SessionSpec spec, Contender contender, Process sender, Optional<Process> receiver, Path log) {
        this.spec = spec;
        this.contender = contender;
        this.sender = sender;
        this.receiver = receiver;
        this.log = log;
        this.commands = new OutputStreamWriter(sender.getOutputStream(), StandardCharsets.UTF_8);
        this.output = new SenderOutput(spec.id(), sender.getInputStream());
        this.receiverPid = receiver.map(Process::pid).orElse(0L);
    }

    /** Starts the contender's pair and waits until its link is up. */
    public static Session start(Contender contender, SessionSpec spec) throws IOException {
        Files.createDirectories(spec.runtimeDir());
        Path log = spec.workDir().resolve(spec.id() + ".log");
        PairCommands pair = contender.commands(spec);
        Optional<Process> receiver = Optional.empty();
        if (pair.receiver().isPresent()) {
            receiver = Optional.of(new ProcessBuilder(pair.receiver().get())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start());
        }
        LOG.debug("{}: starting {}", spec.id(), pair.sender());
        Process sender = new ProcessBuilder(pair.sender())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Session session = new Session(spec, contender, sender, receiver, log);
        try {
            Map<String, String> ready = session.await(ControlProtocol.READY, READY_TIMEOUT);
            long reported = Long.parseLong(ready.getOrDefault("peer", "0"));
            if (session.receiverPid == 0) {
                session.receiverPid = reported;
            }
        } catch (RuntimeException e) {
            session.kill();
            throw e;
        }
        return session;
    }

    /** Warms both sides up (half round trips, half streaming); nothing is recorded. */
    public void warmUp(Duration length) {
        command(ControlProtocol.WARMUP + " " + length.toMillis());
        await(ControlProtocol.OK, length.plus(ANSWER_GRACE));
    }

    /** One round of fixed-rate round trips. */
    public LatencyRound roundTrip(Duration length) {
        Path samples = spec.workDir().resolve(spec.id() + "-rtt-" + (++rounds) + ".lat");
        command(ControlProtocol.ROUND_TRIP + " " + length.toMillis() + " " + samples);
        Map<String, String> result = await(ControlProtocol.RESULT, length.plus(ANSWER_GRACE));
        try {
            LatencyRound round = LatencyRound.read(samples);
            if (round.samples() != Long.parseLong(result.getOrDefault("samples", "-1"))) {
                throw failure("wrote " + round.samples() + " latency samples but reported " + result.get("samples"));
            }
            Files.delete(samples);
            return round;
        } catch (IOException e) {
            throw failure("left unreadable latency samples in " + samples + ": " + e);
        }
    }

    /** One round of back-to-back streaming. */
    public ThroughputRound stream(Duration length) {
        command(ControlProtocol.STREAM + " " + length.toMillis());
        Map<String, String> result = await(ControlProtocol.RESULT, length.plus(ANSWER_GRACE));
        try {
            return new ThroughputRound(Long.parseLong(result.get("messages")), Long.parseLong(result.get("bytes")),
                    Long.parseLong(result.get("nanos")));
        } catch (RuntimeException e) {
            throw failure("sent a malformed streaming result " + result + ": " + e.getMessage());
        }
    }

    /**
     * Confines every thread of the sender and of the receiver to the placement's CPUs (an unpinned placement gives
     * them back every CPU this launcher may use), and reads back where they may run now. A thread that starts or
     * ends meanwhile does not fail it ({@link ThreadPinner}).
     */
    public Affinity place(Placement placement) {
        if (placement.pinned()) {
            confine(sender.pid(), cpu(placement.senderCpu()));
            confine(receiverPid, cpu(placement.receiverCpu()));
            pinned = true;
        } else if (pinned) {
            BitSet all = CpuAffinity.allowed(ProcessHandle.current().pid());
            confine(sender.pid(), all);
            confine(receiverPid, all);
        }
        return new Affinity(CpuAffinity.allowedAnyThread(sender.pid()), CpuAffinity.allowedAnyThread(receiverPid));
    }

    private static BitSet cpu(int cpu) {
        BitSet cpus = new BitSet();
        cpus.set(cpu);
        return cpus;
    }

    private void confine(long pid, BitSet cpus) {
        try {
            ThreadPinner.pin(requirePid(pid), cpus);
        } catch (PinningException e) {
            throw failure("could not be pinned to CPUs " + CpuAffinity.format(cpus) + ": " + e.getMessage());
        }
    }

    /**
     * Stops both processes (SIGSTOP). The launcher stops the pair it is not measuring, so that it cannot take CPU
     * from the one it is, whatever its wait strategy; a pair that would not survive it is left running.
     */
    public void pause() {
        if (!paused && contender.survivesStop()) {
            signal("STOP");
            paused = true;
        }
    }

    /** Lets both processes run again (SIGCONT). */
    public void resume() {
        if (paused) {
            signal("CONT");
            paused = false;
        }
    }

    private void signal(String name) {
        tool("could not be sent SIG" + name, "kill", "-" + name, Long.toString(requirePid(sender.pid())),
                Long.toString(requirePid(receiverPid)));
    }

    /** A pid to hand to kill or taskset: never 0 or negative, which would name a whole process group. */
    private long requirePid(long pid) {
        if (pid <= 0) {
            throw failure("cannot be controlled: its receiver's pid is unknown");
        }
        return pid;
    }

    /** Runs a short command (kill) and insists that it succeeds; its output goes to the session's log. */
    private void tool(String what, String... command) {
        try {
            Process tool = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!tool.waitFor(10, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                throw failure(what + ": " + String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw failure(what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what + ": interrupted");
        }
    }

    public Contender contender() {
        return contender;
    }

    public SessionSpec spec() {
        return spec;
    }

    private void command(String line) {
        try {
            commands.write(line + "\n");
            commands.flush();
        } catch (IOException e) {
            throw failure("stopped taking commands (" + e.getMessage() + ")");
        }
    }

    private Map<String, String> await(String verb, Duration timeout) {
        Optional<String> line;
        try {
            line = output.next(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("was abandoned: the launcher was interrupted");
        }
        if (line.isEmpty()) {
            // A sender that closed its stdout is exiting, but may not have finished exiting yet.
            throw failure(output.ended() || !sender.isAlive()
                    ? "exited with status " + exitStatus() + " before answering '" + verb + "'"
                    : "did not answer '" + verb + "' within " + timeout.toSeconds() + " s");
        }
        if (!ControlProtocol.verb(line.get()).equals(verb)) {
            throw failure("answered '" + line.get() + "' where '" + verb + "' was expected");
        }
        return ControlProtocol.fields(line.get());
    }

    private String exitStatus() {
        try {
            return sender.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(sender.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(unknown)";
        }
    }

    private SessionException failure(String what) {
        return new SessionException(contender.name() + " (session " + spec.id() + ") " + what,
                "its log " + log + " ends:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Asks the sender to quit (it closes the link, which ends the receiver) and waits for both to exit. */
    @Override
    public void close() {
        try {
            resume();
            command(ControlProtocol.QUIT);
            commands.close();
        } catch (IOException | SessionException e) {
            LOG.debug("{}: could not ask the sender to quit: {}", spec.id(), e.toString());
        }
        try {
            if (!sender.waitFor(20, TimeUnit.SECONDS)) {
                LOG.warn("{}: sender did not quit; killing it", spec.id());
            }
            for (Process p : receiver.stream().toList()) {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    LOG.warn("{}: receiver did not end with the link; killing it", spec.id());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            kill();
        }
    }

    private void kill() {
        sender.descendants().forEach(ProcessHandle::destroyForcibly);
        sender.destroyForcibly();
        receiver.ifPresent(Process::destroyForcibly);
    }
}
