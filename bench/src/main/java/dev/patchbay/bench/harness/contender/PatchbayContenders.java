package dev.patchbay.bench.harness.contender;

import dev.patchbay.api.Address;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Patchbay's own side of each comparison: the harness's Java sender and receiver over one backend. */
public final class PatchbayContenders {
    /** How pipes and fifos wait, through {@code FdStream}. */
    public static final String POLL_WAIT = "non-blocking descriptors; a waiting side yields and retries for up to"
            + " 50 µs, then sleeps in poll(2) (no busy spinning)";
    /** Patchbay's {@code wait=backoff}, the default of shm and mmap. */
    public static final String BACKOFF_WAIT = "wait=backoff, the default: 10 spins, 5 yields, then parks from 1 µs"
            + " doubling to 1 ms";
    /** Patchbay's {@code wait=spin}. */
    public static final String SPIN_WAIT = "wait=spin: spins on Thread.onSpinWait() while it waits";
    /** How both Aeron UDP contenders' embedded media drivers run: the plugin's settings, copied by the baseline. */
    static final String AERON_UDP_DRIVER = "a media driver embedded in each process, ThreadingMode.SHARED (one"
            + " thread) with BackoffIdleStrategy(10 spins, 20 yields, parks 1 µs → 1 ms); 64 MiB sparse terms,"
            + " default MTU (1408 bytes: longer messages go as fragments); over 127.0.0.1";
    /** aeron-all's Agrona reaches jdk.internal.misc on Java 17, and its driver the JDK's selector. */
    static final List<String> AERON_JVM_FLAGS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED");
    /** Ring bytes each way of the shm contenders: the same as the Agrona baseline's rings. */
    static final String SHM_RING = "1m";

    private PatchbayContenders() {
    }

    /**
     * A backend whose listener spawns its peer, as {@code pipe:child?exec=...} does: the sender listens with the
     * receiver's command line in the address, and the receiver connects to {@code <scheme>:stdio}.
     */
    public static Contender spawnedChild(String scheme, JavaCommand java) {
        return new CommandContender("Patchbay " + scheme, POLL_WAIT, false, spec -> {
            List<String> receiver = java.receiver(spec, "--connect", scheme + ":stdio");
            Address listen = Address.of(scheme, "child", Map.of("exec", JavaCommand.shellLine(receiver)));
            return PairCommands.senderSpawnsReceiver(java.sender(spec, "--listen", listen.toString()));
        });
    }

    /**
     * A backend where unrelated processes meet by name, as {@code fifo:<name>} does: the receiver listens on
     * {@code <scheme>:<session id>} and the sender connects to it.
     */
    public static Contender namedMeeting(String scheme, String waitStrategy, boolean busySpins, JavaCommand java) {
        return meeting("Patchbay " + scheme, waitStrategy, busySpins, spec -> java, spec -> scheme + ":" + spec.id());
    }

    /**
     * The shared-memory backend: {@code shm:<name>?size=1m&wait=<wait>}. Its segments are in {@code /dev/shm},
     * which every run on the machine shares, so the name carries the launcher's pid as well as the session.
     *
     * @param wait {@code backoff} or {@code spin}; both poll memory, so the contender counts as spinning
     */
    public static Contender shm(String wait, JavaCommand java) {
        String how = (wait.equals("spin") ? SPIN_WAIT : BACKOFF_WAIT) + "; rings of 1 MiB each way";
        long launcher = ProcessHandle.current().pid();
        return meeting("Patchbay shm", how, true, spec -> java, spec -> "shm:bench-" + launcher + "-" + spec.id()
                + "?size=" + SHM_RING + "&wait=" + wait);
    }

    /**
     * The mapped-file backend with its defaults ({@code durability=none}: the kernel writes pages back in its own
     * time; {@code wait=backoff}; 16 MiB files): {@code mmap:<session id>}, its files in a data folder of the
     * session's own in the run's work folder. A clean close deletes them, and the folder goes with the work folder.
     */
    public static Contender mmap(JavaCommand java) {
        String how = BACKOFF_WAIT + "; durability=none (never forced: the kernel writes pages back in its own time)"
                + ", 16 MiB files";
        return meeting("Patchbay mmap", how, true,
                spec -> java.with(List.of("-Dpatchbay.data.dir=" + spec.workDir().resolve(spec.id() + "-data"))),
                spec -> "mmap:" + spec.id());
    }

    /**
     * The Aeron backend over loopback UDP: {@code aeron:udp?endpoint=127.0.0.1:P1&control=127.0.0.1:P2}, ports
     * picked free for each session. Each process embeds its own media driver, in its runtime folder, removed when the
     * link closes. Never stopped while the other pair is measured: the plugin takes 700 ms of silence for a dead
     * peer.
     */
    public static Contender aeronUdp(JavaCommand java) {
        String how = "the plugin's link waits: 20 spins, 10 yields, then parks 1 µs doubling to 1 ms; "
                + AERON_UDP_DRIVER;
        JavaCommand flagged = java.with(AERON_JVM_FLAGS);
        return new KeptRunning(new CommandContender("Patchbay aeron", how, true, spec -> {
            String address = "aeron:udp?" + LoopbackPorts.pick().query();
            return PairCommands.separate(flagged.receiver(spec, "--listen", address),
                    flagged.sender(spec, "--connect", address));
        }));
    }

    /** The receiver listens on the address and the sender connects to it. */
    private static Contender meeting(String name, String waitStrategy, boolean busySpins,
                                     Function<SessionSpec, JavaCommand> java, Function<SessionSpec, String> address) {
        return new CommandContender(name, waitStrategy, busySpins, spec -> PairCommands.separate(
                java.apply(spec).receiver(spec, "--listen", address.apply(spec)),
                java.apply(spec).sender(spec, "--connect", address.apply(spec))));
    }
}
