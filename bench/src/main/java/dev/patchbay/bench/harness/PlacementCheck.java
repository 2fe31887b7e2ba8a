package dev.patchbay.bench.harness;

import dev.patchbay.bench.harness.contender.Placement;
import dev.patchbay.bench.harness.session.Affinity;

/**
 * One reading of where a session's processes were allowed to run, taken each time they were placed for a round.
 *
 * @param session   the session's id
 * @param placement where they were meant to run
 * @param affinity  where the kernel said they could run
 */
public record PlacementCheck(String session, Placement placement, Affinity affinity) {

    /** True when the processes were exactly where the placement put them. */
    public boolean held() {
        return affinity.matches(placement);
    }

    @Override
    public String toString() {
        return session + " (" + placement.name() + "): " + affinity;
    }
}
