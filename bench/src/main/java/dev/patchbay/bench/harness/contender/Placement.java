package dev.patchbay.bench.harness.contender;

/**
 * Where the two processes of a pair run while a round is measured. The launcher confines every thread of each
 * process with {@code taskset -a -p -c <cpu> <pid>} and reads the result back from {@code /proc}.
 *
 * @param name        short name for tables, e.g. {@code "separate CPUs"}
 * @param receiverCpu the receiver's CPU, or -1 when placement is left to the scheduler
 * @param senderCpu   the sender's CPU, or -1 when placement is left to the scheduler
 * @param description the whole story for the report, e.g. why nothing is pinned
 */
public record Placement(String name, int receiverCpu, int senderCpu, String description) {

    /** Receiver and sender on two different CPUs: nothing competes, but every wake-up crosses CPUs. */
    public static Placement separate(int receiverCpu, int senderCpu) {
        return new Placement("separate CPUs", receiverCpu, senderCpu, "receiver on CPU " + receiverCpu
                + ", sender on CPU " + senderCpu);
    }

    /** Both on one CPU: no cross-CPU wake-ups, so the software's own cost shows; only for contenders that block. */
    public static Placement shared(int cpu) {
        return new Placement("one CPU", cpu, cpu, "receiver and sender both on CPU " + cpu);
    }

    /** Wherever the scheduler puts them. */
    public static Placement unpinned(String why) {
        return new Placement("not pinned", -1, -1, "not pinned: " + why);
    }

    public boolean pinned() {
        return receiverCpu >= 0 && senderCpu >= 0;
    }

    /** True when the two processes get different CPUs, so that two spinners could not meet. */
    public boolean separateCores() {
        return pinned() && receiverCpu != senderCpu;
    }
}
