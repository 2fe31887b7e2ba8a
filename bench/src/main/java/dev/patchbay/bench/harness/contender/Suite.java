package dev.patchbay.bench.harness.contender;

import dev.patchbay.bench.harness.result.Mode;
import dev.patchbay.bench.harness.result.Target;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One comparison the run makes: a Patchbay backend against one baseline, with the ratios the issue asks for.
 *
 * @param backend  the suite's name, which {@code --backends} selects: the backend's scheme, e.g. {@code "pipe"},
 *                 or the scheme and a qualifier when a backend meets several baselines, e.g. {@code "shm-aeron"}
 * @param ours     Patchbay over that backend
 * @param baseline what a user would pick instead
 * @param targets  the ratio each mode should reach (a mode without one is reported without a verdict)
 * @param note     what the report says about the comparison beyond the wait strategies (where the targets come
 *                 from, or why there are none); empty for none
 */
public record Suite(String backend, Contender ours, Contender baseline, List<Target> targets, String note) {

    public Suite {
        targets = List.copyOf(targets);
        Objects.requireNonNull(note, "note");
    }

    /** A suite with nothing to say beyond its targets. */
    public Suite(String backend, Contender ours, Contender baseline, List<Target> targets) {
        this(backend, ours, baseline, targets, "");
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
