package dev.patchbay.bench.harness.contender;

import dev.patchbay.bench.harness.result.Mode;
import dev.patchbay.bench.harness.result.Target;

import java.util.List;
import java.util.Optional;

/**
 * One comparison the run makes: a Patchbay backend against one baseline, with the ratios the issue asks for.
 *
 * @param backend  the backend's scheme, e.g. {@code "pipe"}
 * @param ours     Patchbay over that backend
 * @param baseline what a user would pick instead
 * @param targets  the ratio each mode should reach (a mode without one is reported without a verdict)
 */
public record Suite(String backend, Contender ours, Contender baseline, List<Target> targets) {

    public Suite {
        targets = List.copyOf(targets);
    }

    /** The target for a mode, if there is one. */
    public Optional<Target> target(Mode mode) {
        return targets.stream().filter(t -> t.mode() == mode).findFirst();
    }

    /** True when either side busy-spins and so needs its own core per process. */
    public boolean needsSeparateCores() {
        return ours.busySpins() || baseline.busySpins();
    }
}
