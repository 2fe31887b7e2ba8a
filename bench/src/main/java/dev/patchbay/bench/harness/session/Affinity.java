package dev.patchbay.bench.harness.session;

import dev.patchbay.bench.harness.contender.CpuAffinity;
import dev.patchbay.bench.harness.contender.Placement;

import java.util.BitSet;

/** The CPUs any thread of a session's sender and of its receiver was allowed to run on, read back from the kernel. */
public record Affinity(BitSet sender, BitSet receiver) {

    public Affinity {
        sender = (BitSet) sender.clone();
        receiver = (BitSet) receiver.clone();
    }

    /** True when each process is confined to exactly the CPU the placement gave it (or, unpinned, known at all). */
    public boolean matches(Placement placement) {
        if (!placement.pinned()) {
            return !sender.isEmpty() && !receiver.isEmpty();
        }
        return sender.cardinality() == 1 && sender.get(placement.senderCpu())
                && receiver.cardinality() == 1 && receiver.get(placement.receiverCpu());
    }

    @Override
    public String toString() {
        return "sender on CPUs " + CpuAffinity.format(sender) + ", receiver on CPUs " + CpuAffinity.format(receiver);
    }
}
