package dev.patchbay.host;

import dev.patchbay.api.Link;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.demo.JarVariant;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.patch.PatchDeployer;
import dev.patchbay.host.patch.PatchResult;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.host.testing.TestTrust;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idle channels patched again and again cost the same after the tenth patch as after the second: each host keeps one
 * generation loaded, a bounded history per channel, and lets the old links and class loaders go.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PatchMemoryTest {
    private static final int CHANNELS = 50;
    private static final int PATCHES = 10;
    /** Patches after which the pools and caches the host fills once are full; counts are compared from here. */
    private static final int WARM = 2;

    @TempDir
    Path dir;

    @Test
    void patchesLeaveNothingBehindPerChannel() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        // Patches are deployed here, one after the other, not dropped for a watcher.
        HostConfig config = PeerHosts.patching(HostConfig.of(plugins)).withWatch(false);
        try (Patchbay a = Patchbay.start(config); Patchbay b = Patchbay.start(config)) {
            List<Channel> channels = new ArrayList<>();
            for (PeerHosts.Ends ends : PeerHosts.fifoChannels(a, b, "memflat", CHANNELS)) {
                channels.add(ends.listening());
                channels.add(ends.connecting());
            }
            PatchDeployer deployer = new PatchDeployer(a);
            Path jar = plugins.resolve("fifo-1.0.0.jar");
            List<Replaced> replaced = new ArrayList<>();
            long[] buffersWarm = new long[2];
            long threadsWarm = 0;
            for (int p = 1; p <= PATCHES; p++) {
                for (int i = 0; i < channels.size(); i++) {
                    Link old = channels.get(i).link();
                    String end = (i % 2 == 0 ? "a/" : "b/") + channels.get(i).name();
                    replaced.add(new Replaced("link of " + end + " before patch " + p, p, false, old));
                    replaced.add(new Replaced("class loader of " + end + "'s link before patch " + p, p, true,
                            old.getClass().getClassLoader()));
                }
                Path variant = plugins.resolve("fifo-1.0.0-memflat" + p + ".jar");
                JarVariant.write(jar, "memflat patch " + p, variant);
                TestTrust.trust(variant);
                PatchResult result = deployer.deploy(variant);
                assertThat(result.deployed()).as("patch %d: %s", p, result.reason()).isTrue();
                assertThat(result.migrations()).hasSize(CHANNELS)
                        .allMatch(r -> r.outcome() == MigrationOutcome.COMMITTED);
                // The peer retires the generation it left on its maintenance thread, after its last commit.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(startedFifoGenerations(a)).isEqualTo(1);
                    assertThat(startedFifoGenerations(b)).isEqualTo(1);
                });
                assertThat(a.deepestHistory()).isLessThanOrEqualTo(ChannelHistory.KEPT);
                assertThat(b.deepestHistory()).isLessThanOrEqualTo(ChannelHistory.KEPT);
                if (p == WARM) {
                    buffersWarm = settledDirectBuffers();
                    threadsWarm = hostThreads();
                }
            }
            // The links the patches replaced are garbage, and so are their generations: nothing keeps them per
            // channel or per patch. One generation may outlive its patch for a while, held by something of the
            // whole JVM (seen twice in full test runs under load, never alone; not traced yet, see DESIGN-NOTES):
            // a leak per patch would keep nine here.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                System.gc();
                assertThat(replaced.stream().filter(r -> !r.loader() && r.alive()).map(Replaced::what))
                        .as("links still reachable").isEmpty();
                assertThat(replaced.stream().filter(r -> r.loader() && r.alive()).map(Replaced::patch).distinct())
                        .as("patches whose generation is still reachable").hasSizeLessThanOrEqualTo(1);
            });
            replaced.stream().filter(r -> r.loader() && r.alive()).findFirst().ifPresent(PatchMemoryTest::report);
            long[] buffers = settledDirectBuffers();
            // The host's pools start threads as they need them, more on a loaded machine, and the JDK keeps a small
            // cache of temporary direct buffers per thread that did I/O from heap buffers (about one each here):
            // those are allowed per thread started since the warm count, and nothing else.
            long newThreads = Math.max(0, hostThreads() - threadsWarm);
            // A link leaked per channel end and patch would add hundreds of buffers (each link holds several); a
            // module file cached in a direct buffer per migration thread, megabytes.
            assertThat(buffers[0]).as("direct buffers after %d patches, against %d after %d, %d host threads started",
                    PATCHES, buffersWarm[0], WARM, newThreads)
                    .isLessThanOrEqualTo(buffersWarm[0] + CHANNELS / 2 + 2 * newThreads);
            assertThat(buffers[1]).as("direct bytes after %d patches, against %d after %d, %d host threads started",
                    PATCHES, buffersWarm[1], WARM, newThreads)
                    .isLessThanOrEqualTo(buffersWarm[1] + (1L << 20) + newThreads * (64L << 10));
            for (Channel c : channels) {
                assertThat(c.isOpen()).as(c.name()).isTrue();
            }
        }
    }

    /** Something patch {@code patch} replaced (a link, or its class loader), held weakly. */
    private record Replaced(String what, int patch, boolean loader, WeakReference<Object> ref) {
        Replaced(String what, int patch, boolean loader, Object replaced) {
            this(what, patch, loader, new WeakReference<>(replaced));
        }

        boolean alive() {
            return ref.get() != null;
        }
    }

    /** Says which generation stayed, and which threads (if any) have its loader as their context loader. */
    private static void report(Replaced kept) {
        Object loader = kept.ref().get();
        String threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> loader != null && t.getContextClassLoader() == loader).map(Thread::getName)
                .collect(Collectors.joining(", "));
        System.err.println("PatchMemoryTest: the generation replaced by patch " + kept.patch()
                + " is still reachable; threads with it as context loader: " + (threads.isEmpty() ? "none" : threads));
    }

    private static long startedFifoGenerations(Patchbay host) {
        return host.modules().list().stream()
                .filter(m -> m.state() == ModuleState.STARTED && m.schemes().contains("fifo")).count();
    }

    /** Live threads the hosts' pools started: each may hold the JDK's per-thread temporary buffers. */
    private static long hostThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("patchbay-")).count();
    }

    /** Direct buffers and their bytes once a collection has let the closed links' buffers go. */
    private static long[] settledDirectBuffers() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).findFirst().orElseThrow();
        long[] last = {-1, -1, 0};
        // The reference handler frees a buffer's memory after the collection that found it unreachable, and on two
        // busy cores it can lag: take the figures once five collections in a row found the same.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            System.gc();
            long count = direct.getCount();
            long bytes = direct.getMemoryUsed();
            last[2] = count == last[0] && bytes == last[1] ? last[2] + 1 : 0;
            last[0] = count;
            last[1] = bytes;
            return last[2] >= 4;
        });
        return new long[] {last[0], last[1]};
    }
}
