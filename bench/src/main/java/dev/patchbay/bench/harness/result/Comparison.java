package dev.patchbay.bench.harness.result;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Patchbay against one baseline, for one backend, message size, placement and mode: the rounds of both, taken
 * alternately (ours, baseline, ours, baseline, ...) so that drift of the machine affects both alike.
 *
 * <p>The ratio is taken round by round (ours in round k over the baseline in round k, neighbours in time) and the
 * median of those ratios is reported, so a slow minute shifts numerator and denominator together.
 *
 * @param backend      the backend measured, e.g. {@code "pipe"}
 * @param oursName     what ran on our side, e.g. {@code "Patchbay pipe"}
 * @param baselineName what ran as the baseline
 * @param size         message payload bytes
 * @param placement    where the two processes ran, e.g. {@code "separate CPUs"}
 * @param mode         what was measured
 * @param target       the ratio the issue asks for, if any
 * @param ours         our rounds, in order
 * @param baseline     the baseline's rounds, in order, as many as ours
 * @param disturbed    how many of those rounds ran while other programs loaded the machine, even after retakes
 * @param withheld     why no figure is given (e.g. spinners that could not be kept apart); empty when measured
 */
public record Comparison(String backend, String oursName, String baselineName, int size, String placement,
                         Mode mode, Optional<Target> target, List<RoundResult> ours, List<RoundResult> baseline,
                         int disturbed, Optional<String> withheld) {

    public Comparison {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(withheld, "withheld");
        ours = List.copyOf(ours);
        baseline = List.copyOf(baseline);
        if (withheld.isEmpty() && (ours.isEmpty() || ours.size() != baseline.size())) {
            throw new IllegalArgumentException("a comparison needs the same number of rounds on both sides, had "
                    + ours.size() + " and " + baseline.size());
        }
    }

    /** A comparison without figures, saying why. */
    public static Comparison withheld(String backend, String oursName, String baselineName, int size,
                                      String placement, Mode mode, Optional<Target> target, String reason) {
        return new Comparison(backend, oursName, baselineName, size, placement, mode, target, List.of(), List.of(),
                0, Optional.of(reason));
    }

    public boolean measured() {
        return withheld.isEmpty();
    }

    /** Our headline figure over the rounds. */
    public Spread oursSpread() {
        return Spread.of(ours, RoundResult::headline);
    }

    /** The baseline's headline figure over the rounds. */
    public Spread baselineSpread() {
        return Spread.of(baseline, RoundResult::headline);
    }

    /** Ours over the baseline, round by round; the median is the reported ratio. */
    public Spread ratio() {
        return Spread.of(IntStream.range(0, ours.size())
                .mapToDouble(k -> ours.get(k).headline() / baseline.get(k).headline())
                .toArray());
    }

    /** Whether the median ratio meets the target; empty without a target or figures. */
    public Optional<Boolean> meetsTarget() {
        return measured() ? target.map(t -> t.metBy(ratio().median())) : Optional.empty();
    }
}
