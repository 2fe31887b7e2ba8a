package dev.patchbay.bench.harness.contender;

/**
 * One way of moving the harness's messages between two processes: Patchbay over some backend, or a baseline a
 * user might pick instead. A contender only says how to start its two processes; the launcher starts them, drives
 * the sender with the {@link dev.patchbay.bench.harness.peer.ControlProtocol control protocol} and measures.
 *
 * <p>Any program can be a contender if its sender speaks that protocol and its messages follow
 * {@link dev.patchbay.bench.harness.peer.BenchMessage}: the Java peers, the C baselines, and the Java baselines
 * (Agrona, Aeron) on class paths of their own.
 */
public interface Contender {

    /** A short name for tables, e.g. {@code "Patchbay pipe"}. */
    String name();

    /** How both sides wait for data and for room, stated next to every figure, e.g. "blocks in poll(2)". */
    String waitStrategy();

    /**
     * True when a side busy-spins while it waits. Two spinners sharing a core on a 2-core machine collapse into
     * millisecond stalls, so such a contender is measured only when its processes are pinned to separate cores.
     */
    boolean busySpins();

    /** The command lines that start the pair for one session. */
    PairCommands commands(SessionSpec spec);

    /**
     * False when the pair must keep running while the other pair is measured: a SIGSTOP longer than its peers'
     * liveness timeouts would end its link. It then takes a little CPU, waiting, during the other pair's rounds.
     */
    default boolean survivesStop() {
        return true;
    }
}
