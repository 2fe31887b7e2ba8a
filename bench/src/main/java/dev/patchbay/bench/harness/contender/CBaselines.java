package dev.patchbay.bench.harness.contender;

import java.nio.file.Path;
import java.util.List;

/**
 * The C programs of the harness ({@code bench/src/main/c}, built by the Maven build into {@code bench/target/c}):
 * what a user might write instead of Patchbay's pipe and fifo backends (fixed-size messages moved with plain
 * blocking read(2) and write(2), no framing and no checksum), and the floor of the shm suites (the shm backend's
 * ring layout driven from C with nothing on top).
 */
public final class CBaselines {
    /** How the C programs wait. */
    public static final String BLOCKING_WAIT = "blocking read(2)/write(2) (no spinning)";

    private CBaselines() {
    }

    /** {@code pipe-bench}: pipe() and fork(); the child is the receiver. */
    public static Contender pipe(Path cDir) {
        String program = cDir.resolve("pipe-bench").toString();
        return new CommandContender("C pipe-bench", BLOCKING_WAIT, false, spec -> PairCommands.senderSpawnsReceiver(
                List.of(program, Integer.toString(spec.size()), Long.toString(spec.rate()))));
    }

    /** {@code fifo-bench}: the receiver makes two fifos with mkfifo(3) and the sender opens them. */
    public static Contender fifo(Path cDir) {
        String program = cDir.resolve("fifo-bench").toString();
        return new CommandContender("C fifo-bench", BLOCKING_WAIT, false, spec -> {
            String base = spec.workDir().resolve(spec.id()).toString();
            String size = Integer.toString(spec.size());
            return PairCommands.separate(List.of(program, "receive", size, base),
                    List.of(program, "send", size, Long.toString(spec.rate()), base));
        });
    }

    /**
     * {@code shm-floor-bench}: two rings of 1 MiB in the shm backend's layout, in a POSIX segment the receiver
     * creates ({@code /dev/shm/patchbay-bench-floor-<launcher pid>-<session>}, its name removed once the sender is
     * in), read and written by the nshm module's C ring code, one record per message.
     *
     * @param wait {@code backoff} (Patchbay's schedule) or {@code spin}; both poll memory
     */
    public static Contender shmFloor(Path cDir, String wait) {
        String program = cDir.resolve("shm-floor-bench").toString();
        String how = (wait.equals("spin") ? "spins on the CPU's pause instruction"
                : "Patchbay's backoff: 10 spins, 5 sched_yield(2), then sleeps from 1 µs doubling to 1 ms")
                + "; rings of 1 MiB each way";
        long launcher = ProcessHandle.current().pid();
        return new CommandContender("C shm floor", how, true, spec -> {
            String name = "bench-floor-" + launcher + "-" + spec.id();
            String size = Integer.toString(spec.size());
            return PairCommands.separate(List.of(program, "receive", size, name, wait),
                    List.of(program, "send", size, Long.toString(spec.rate()), name, wait));
        });
    }
}
