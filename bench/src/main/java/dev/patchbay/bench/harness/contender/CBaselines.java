package dev.patchbay.bench.harness.contender;

import java.nio.file.Path;
import java.util.List;

/**
 * The C programs a user might write instead of using Patchbay's pipe and fifo backends ({@code bench/src/main/c},
 * built by the Maven build into {@code bench/target/c}): fixed-size messages moved with plain blocking read(2) and
 * write(2), no framing and no checksum.
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
}
