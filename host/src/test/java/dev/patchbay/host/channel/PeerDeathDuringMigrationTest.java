package dev.patchbay.host.channel;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.demo.PeerLauncher;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.faults.PeerKillingLink;
import dev.patchbay.host.module.TransportRef;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.sharedmem.posix.Signal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * A peer process killed (SIGKILL) in any phase of a migration: the survivor ends the channel with the peer's death
 * well within the step timeout (set to a minute here, so that a step timeout could not pass for a prompt notice),
 * whether its application is receiving or the agents read for it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeerDeathDuringMigrationTest {
    /** Far below the step timeout, far above what noticing takes on two loaded cores. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(10);
    private static final MigrationOptions SLOW_STEPS = MigrationOptions.DEFAULTS
            .withStepTimeout(Duration.ofSeconds(60)).withHealthWindow(Duration.ofSeconds(60));

    @TempDir
    Path dir;

    private Patchbay host;
    private ProcessHandle peer;
    /** The pipe backend of {@link #overPipe}'s link. */
    private TransportRef pipe;
    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        if (peer != null) {
            peer.destroyForcibly();
        }
        if (host != null) {
            host.close();
        }
        background.shutdownNow();
    }

    @Test
    void whilePreparingAndReceiving() throws Exception {
        Channel channel = spawn();
        Traffic traffic = new Traffic(channel, 64, 1_000).start();
        killWhilePreparing(channel);
        traffic.stop();
        assertThat(traffic.failure()).isInstanceOf(PeerClosedException.class);
    }

    @Test
    void whilePreparingAndIdle() throws Exception {
        killWhilePreparing(spawn());
    }

    @Test
    void whilePreparingAndIdleOnSharedMemory() throws Exception {
        killWhilePreparing(onSharedMemory(spawn()));
    }

    @Test
    void whileOnProbationAndIdleFromSharedMemory() throws Exception {
        killOnProbation(onSharedMemory(spawn()));
    }

    /** Moves the channel to shm first: a dead peer shows there by its process identity, not by an end of stream. */
    private Channel onSharedMemory(Channel channel) {
        Address shm = Address.parse("shm:first-" + ProcessHandle.current().pid());
        MigrationReport report = channel.migrate(host.transportFor(shm), shm,
                SLOW_STEPS.withHealthWindow(Duration.ofMillis(100)));
        assertThat(report.outcome()).isEqualTo(MigrationOutcome.COMMITTED);
        return channel;
    }

    private void killWhilePreparing(Channel channel) throws Exception {
        // A frozen peer never answers PREPARE: the migration stays in PREPARING until the peer dies.
        Signal.kill((int) peer.pid(), Signal.SIGSTOP);
        CompletableFuture<MigrationReport> swap = CompletableFuture.supplyAsync(() -> host.swap(channel.name(), "fifo"));
        await().atMost(Duration.ofSeconds(30)).until(() -> channel.state() == ChannelState.PREPARING);
        assertPeerDeathEnds(channel, swap);
    }

    @Test
    void whileOnProbationAndReceiving() throws Exception {
        Channel channel = spawn();
        Traffic traffic = new Traffic(channel, 64, 1_000).start();
        killOnProbation(channel);
        traffic.stop();
        assertThat(traffic.failure()).isInstanceOf(PeerClosedException.class);
    }

    @Test
    void whileOnProbationAndIdle() throws Exception {
        killOnProbation(spawn());
    }

    private void killOnProbation(Channel channel) throws Exception {
        CompletableFuture<MigrationReport> swap = CompletableFuture.supplyAsync(() -> host.swap(channel.name(), "fifo"));
        await().atMost(Duration.ofSeconds(30)).until(() -> channel.state() == ChannelState.PROBATION);
        assertPeerDeathEnds(channel, swap);
    }

    @Test
    void whileFallingBack() throws Exception {
        Channel channel = spawn();
        Traffic traffic = new Traffic(channel, 64, 1_000).start();
        CompletableFuture<MigrationReport> swap = CompletableFuture.supplyAsync(() -> host.swap(channel.name(), "fifo"));
        await().atMost(Duration.ofSeconds(30)).until(() -> channel.state() == ChannelState.PROBATION);
        // Frozen, the peer cannot answer the fallback: we wait for its RESUME when it dies.
        Signal.kill((int) peer.pid(), Signal.SIGSTOP);
        channel.cancelMigration();
        assertThat(channel.state()).isEqualTo(ChannelState.FALLING_BACK);
        assertPeerDeathEnds(channel, swap);
        traffic.stop();
        assertThat(traffic.failure()).isInstanceOf(PeerClosedException.class);
    }

    @Test
    void whileSwitching() throws Exception {
        // The peer dies right after our SWITCH left on the old link (frozen first, so it never reads it): we are
        // then in SWITCHING, waiting for its SWITCH.
        PeerKillingLink killing = overPipe(PeerKillingLink::afterSwitch);
        Channel channel = channelOver(killing);
        Traffic traffic = new Traffic(channel, 64, 1_000).start();
        CompletableFuture<MigrationReport> swap = swapToFifo(channel, "switch");
        await().atMost(Duration.ofSeconds(60)).until(() -> !channel.isOpen());
        // Timed from the kill, not from the start of the migration: the peer JVM opening its side of the new link
        // takes seconds of its own on loaded cores.
        long killedAt = killing.killedAt();
        assertThat(killedAt).as("the peer was killed after our SWITCH").isNotZero();
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(NOTICED_WITHIN);
        assertPeerGone(swap);
        traffic.stop();
        assertThat(traffic.failure()).isInstanceOf(PeerClosedException.class);
        channel.close();
    }

    /**
     * The peer is gone when the PREPARE is written, before the reading side noticed: the write's broken pipe ends
     * the channel, and the migration is reported as ended by the peer's death, not as an ordinary abort.
     */
    @Test
    void beforeThePrepareIsWritten() throws Exception {
        PeerKillingLink killing = overPipe(PeerKillingLink::beforePrepare);
        Channel channel = channelOver(killing);
        CompletableFuture<MigrationReport> swap = swapToFifo(channel, "prepare");
        assertPeerGone(swap);
        assertThat(killing.killedAt()).as("the peer was killed before our PREPARE").isNotZero();
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.failure()).isInstanceOf(PeerClosedException.class);
        channel.close();
    }

    /** An echo peer spawned over a pipe, its link wrapped by {@code wrap}. */
    private PeerKillingLink overPipe(BiFunction<Link, ProcessHandle, PeerKillingLink> wrap) throws Exception {
        host = Patchbay.start(config());
        Set<Long> before = children();
        Address address = Address.of("pipe", "child", Map.of("exec", PeerLauncher.shellCommand(
                host.modules().pluginsDir(), "peer", "pipe:stdio", "--no-watch")));
        pipe = host.transportFor(address);
        try (var acceptor = pipe.transport().listen(address, host.options())) {
            var link = acceptor.accept(Duration.ofSeconds(60));
            peer = newChild(before);
            return wrap.apply(link, peer);
        }
    }

    private Channel channelOver(PeerKillingLink link) {
        return new Channel("c1", link, pipe, host.options(), SLOW_STEPS,
                (a, spec) -> host.transportFor(a.scheme(), spec), ChannelEvents.NONE, background);
    }

    private CompletableFuture<MigrationReport> swapToFifo(Channel channel, String name) {
        TransportRef fifo = host.transportFor(Address.parse("fifo:x"));
        Address target = Address.parse("fifo:" + name + "-" + ProcessHandle.current().pid());
        return CompletableFuture.supplyAsync(() -> channel.migrate(fifo, target, SLOW_STEPS));
    }

    private void assertPeerDeathEnds(Channel channel, CompletableFuture<MigrationReport> swap) throws Exception {
        long start = System.nanoTime();
        Signal.kill((int) peer.pid(), Signal.SIGKILL);
        await().atMost(Duration.ofSeconds(60)).until(() -> !channel.isOpen());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NOTICED_WITHIN);
        assertPeerGone(swap);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NOTICED_WITHIN);
        assertThat(channel.failure()).isInstanceOf(PeerClosedException.class);
    }

    private static void assertPeerGone(CompletableFuture<MigrationReport> swap) throws Exception {
        try {
            MigrationReport report = swap.get(60, TimeUnit.SECONDS);
            fail("the migration ended as " + report + " though the peer died");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(PatchbayException.class);
            assertThat(((PatchbayException) e.getCause()).code()).as(e.getCause().toString())
                    .isEqualTo(dev.patchbay.api.ErrorCode.PEER_CLOSED);
            assertThat(e.getCause().getMessage()).contains("migrat");
        }
    }

    private HostConfig config() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        return HostConfig.of(plugins).withWatch(false)
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(60)))
                .withMigrationOptions(SLOW_STEPS);
    }

    private Channel spawn() throws Exception {
        host = Patchbay.start(config());
        Set<Long> before = children();
        Channel channel = PeerHosts.spawnEchoPeer(host, host.modules().pluginsDir());
        peer = newChild(before);
        return channel;
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static ProcessHandle newChild(Set<Long> before) {
        return ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).findFirst().orElseThrow();
    }
}
