package dev.patchbay.bench.harness.contender;

import java.util.Objects;
import java.util.function.Function;

/** A contender described by its name, its wait strategy, and a function that builds its command lines. */
public record CommandContender(String name, String waitStrategy, boolean busySpins,
                               Function<SessionSpec, PairCommands> launcher) implements Contender {

    public CommandContender {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        Objects.requireNonNull(launcher, "launcher");
    }

    @Override
    public PairCommands commands(SessionSpec spec) {
        return launcher.apply(spec);
    }
}
