package dev.patchbay.host.natives;

import dev.patchbay.api.Link;
import dev.patchbay.api.Transport;
import dev.patchbay.host.ModuleKinds;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleException;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.ModuleTrust;
import dev.patchbay.host.testing.NativeFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Calls into a native module are held to their timeout plus a grace period (shortened to 1 s here so that the
 * tests take seconds): nshm-bad-stall, whose calls block until pb_shutdown whatever their timeout, is cut off and
 * marked FAILED as hung while the host goes on; a sound module whose peer does not read for longer than the grace
 * keeps its sender waiting, and every message arrives once the peer reads.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class NativeCallTimeoutTest {
    private static final String GRACE = "patchbay.native.grace.millis";
    private static final Duration GRACE_HERE = Duration.ofSeconds(1);

    @TempDir
    Path plugins;
    private ModuleRegistry registry;

    @BeforeAll
    static void shortGrace() {
        System.setProperty(GRACE, Long.toString(GRACE_HERE.toMillis()));
    }

    @AfterAll
    static void usualGrace() {
        System.clearProperty(GRACE);
    }

    @BeforeEach
    void load() throws Exception {
        Files.copy(NativeFiles.nshm(), plugins.resolve("nshm-1.0.0.so"));
        Files.copy(NativeFiles.patch("nshm-bad-stall.so"), plugins.resolve("nshm-bad-stall.so"));
        registry = ModuleKinds.open(plugins, ModuleTrust.anyModule());
        registry.scan();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private BackendModule module(String fileName) {
        return registry.modules().stream().filter(m -> m.source().getFileName().toString().equals(fileName))
                .findFirst().orElseThrow();
    }

    private Transport nshm(String fileName) {
        BackendModule module = module(fileName);
        assertThat(module.state()).as(module.info().cause()).isEqualTo(ModuleState.STARTED);
        return module.transport("nshm").orElseThrow();
    }

    private static String address(String datapath) {
        return "nshm:stall-" + UUID.randomUUID().toString().substring(0, 8) + "?size=4k&datapath=" + datapath;
    }

    /** The stalled module is FAILED as hung, the sound one untouched, and the host still carries messages. */
    private void assertHungAndHostAlive(String call) throws Exception {
        BackendModule stalled = module("nshm-bad-stall.so");
        assertThat(stalled.state()).isEqualTo(ModuleState.FAILED);
        assertThat(stalled.info().cause()).contains(call + " on nshm:stall-");
        assertThat(module("nshm-1.0.0.so").state()).isEqualTo(ModuleState.STARTED);
        try (NativeModuleTest.LinkPair pair = NativeModuleTest.LinkPair.open(nshm("nshm-1.0.0.so"),
                address("calls"))) {
            pair.roundTrip();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"calls", "rings"})
    void aReceiveThatIgnoresItsTimeoutIsCutOffAndItsModuleFailed(String datapath) throws Exception {
        String call = datapath.equals("calls") ? "pb_receive" : "pb_await(readable)";
        try (NativeModuleTest.LinkPair pair = NativeModuleTest.LinkPair.open(nshm("nshm-1.0.0.so"),
                nshm("nshm-bad-stall.so"), address(datapath))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> pair.client().receive(m -> { }, 1, Duration.ofMillis(500)))
                    .isInstanceOf(ModuleException.class)
                    .hasMessageStartingWith("nshm-bad-stall.so: " + call + " on nshm:stall-")
                    .hasMessageContaining("overran its timeout of 0.1 s by ")
                    .hasMessageEndingWith("past the grace of 1.0 s; the link was shut down and nshm-bad-stall.so"
                            + " marked FAILED as hung");

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(GRACE_HERE, GRACE_HERE.plusSeconds(4));
            assertThat(pair.client().isOpen()).isFalse();
        }
        assertHungAndHostAlive(call);
    }

    @Test
    void aBoundedSendThatIgnoresItsTimeoutIsCutOffAndItsModuleFailed() throws Exception {
        try (NativeModuleTest.LinkPair pair = NativeModuleTest.LinkPair.open(nshm("nshm-1.0.0.so"),
                nshm("nshm-bad-stall.so"), address("calls"))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> pair.client().send(ByteBuffer.wrap(new byte[] {1, 2, 3})))
                    .isInstanceOf(ModuleException.class)
                    .hasMessageStartingWith("nshm-bad-stall.so: pb_send_timeout on nshm:stall-")
                    .hasMessageContaining("overran its timeout of 0.2 s by ")
                    .hasMessageEndingWith("marked FAILED as hung");

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(GRACE_HERE, GRACE_HERE.plusSeconds(4));
            // Later sends on the cut link say why it ended.
            assertThatThrownBy(() -> pair.client().send(ByteBuffer.wrap(new byte[] {4})))
                    .hasMessageContaining("pb_send_timeout on nshm:stall-");
        }
        assertHungAndHostAlive("pb_send_timeout");
    }

    /**
     * Back-pressure for three times the grace: the sender stays blocked, nothing is cut off, and once the peer
     * reads every message arrives whole and in order (some are larger than the 4 KiB ring, so they go in parts
     * and a bounded send times out part way through them).
     */
    @ParameterizedTest
    @ValueSource(strings = {"calls", "rings"})
    void aSlowPeerHoldsTheSenderPastTheGraceWithoutBreakingTheLink(String datapath) throws Exception {
        int count = 60;
        try (NativeModuleTest.LinkPair pair = NativeModuleTest.LinkPair.open(nshm("nshm-1.0.0.so"),
                address(datapath))) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < count; i++) {
                    pair.client().send(ByteBuffer.wrap(message(i)));
                }
            });

            await().during(GRACE_HERE.multipliedBy(3)).atMost(GRACE_HERE.multipliedBy(5))
                    .until(() -> !sent.isDone());

            List<byte[]> received = receiveAll(pair.server(), count);
            sent.get(5, TimeUnit.SECONDS);
            for (int i = 0; i < count; i++) {
                assertThat(received.get(i)).as("message %d", i).isEqualTo(message(i));
            }
            assertThat(pair.client().isOpen()).isTrue();
            assertThat(module("nshm-1.0.0.so").state()).isEqualTo(ModuleState.STARTED);
        }
    }

    /** Message i: every seventh is 10 000 bytes, the rest 300; filled with i. */
    private static byte[] message(int i) {
        byte[] bytes = new byte[i % 7 == 0 ? 10_000 : 300];
        Arrays.fill(bytes, (byte) i);
        return bytes;
    }

    private static List<byte[]> receiveAll(Link link, int count) {
        List<byte[]> received = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.size() < count && System.nanoTime() < deadline) {
            link.receive(m -> {
                byte[] bytes = new byte[m.remaining()];
                m.get(bytes);
                received.add(bytes);
            }, count, Duration.ofMillis(500));
        }
        assertThat(received).hasSize(count);
        return received;
    }
}
