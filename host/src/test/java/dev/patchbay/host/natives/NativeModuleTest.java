package dev.patchbay.host.natives;

import dev.patchbay.host.ModuleKinds;
import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.Transport;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleInfo;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.testing.NativeFiles;
import dev.patchbay.host.testing.TestTrust;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real native libraries the build made, loaded, used, refused and unloaded in this process. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NativeModuleTest {
    @TempDir
    Path plugins;
    private ModuleRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private ModuleInfo info(String fileName) {
        return registry.list().stream().filter(m -> m.file().getFileName().toString().equals(fileName))
                .findFirst().orElseThrow(() -> new AssertionError("no module from " + fileName));
    }

    private static String name() {
        return "native-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void loadsNshmAsANativeModuleAndCarriesMessagesBothWays() throws Exception {
        Files.copy(NativeFiles.nshm(), plugins.resolve("nshm-1.0.0.so"));
        registry = ModuleKinds.open(plugins);
        registry.scan();

        ModuleInfo nshm = info("nshm-1.0.0.so");
        assertThat(nshm.state()).as(nshm.cause()).isEqualTo(ModuleState.STARTED);
        assertThat(nshm.kind()).isEqualTo("native");
        assertThat(nshm.id()).isEqualTo("nshm");
        assertThat(nshm.version()).isEqualTo("1.0.0");
        assertThat(nshm.apiVersion()).isEqualTo("abi 1");
        assertThat(nshm.schemes()).containsExactly("nshm");
        assertThat(nshm.sha256()).hasSize(64);

        Transport transport = registry.resolve("nshm").orElseThrow().transport();
        // The listener moves messages through the rings, the connector through pb_send/pb_receive: one layout.
        assertEcho(transport, Address.parse("nshm:" + name()), "datapath=calls");
        assertEcho(transport, Address.parse("nshm:" + name() + "?size=4k"), "datapath=rings");
    }

    /** Sends messages of many sizes from the listener to the connector and back. */
    private static void assertEcho(Transport transport, Address address, String connectorParam) throws Exception {
        Address connectTo = Address.parse(address + (address.params().isEmpty() ? "?" : "&") + connectorParam);
        try (Acceptor acceptor = transport.listen(address, LinkOptions.DEFAULTS)) {
            CompletableFuture<Link> connector = CompletableFuture.supplyAsync(
                    () -> transport.connect(connectTo, LinkOptions.DEFAULTS));
            try (Link server = acceptor.accept(Duration.ofSeconds(5));
                 Link client = connector.get(5, TimeUnit.SECONDS)) {
                for (int size : new int[] {0, 1, 7, 8, 100, 511, 512, 513, 4096, 70_000, 1 << 20}) {
                    byte[] payload = new byte[size];
                    for (int i = 0; i < size; i++) {
                        payload[i] = (byte) (i * 31 + size);
                    }
                    // Larger than the ring: the sender waits for the receiver, on another thread.
                    CompletableFuture<Void> sent =
                            CompletableFuture.runAsync(() -> server.send(ByteBuffer.wrap(payload)));
                    byte[] got = receiveOne(client);
                    sent.get(5, TimeUnit.SECONDS);
                    assertThat(got).as("%d bytes listener to connector", size).isEqualTo(payload);
                    CompletableFuture<Void> back =
                            CompletableFuture.runAsync(() -> client.send(ByteBuffer.wrap(got)));
                    assertThat(receiveOne(server)).as("%d bytes back", size).isEqualTo(payload);
                    back.get(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    static byte[] receiveOne(Link link) {
        byte[][] out = new byte[1][];
        int n = link.receive(m -> {
            out[0] = new byte[m.remaining()];
            m.get(out[0]);
        }, 1, Duration.ofSeconds(5));
        assertThat(n).as("a message within 5 s").isEqualTo(1);
        return out[0];
    }

    @Test
    void refusesBadLibrariesNamingTheFileAndTheProblemAndCarriesOn() throws Exception {
        Files.copy(NativeFiles.nshm(), plugins.resolve("nshm-1.0.0.so"));
        for (String bad : List.of("nshm-bad-abi.so", "nshm-bad-symbol.so", "nshm-bad-link.so")) {
            Files.copy(NativeFiles.patch(bad), plugins.resolve(bad));
        }
        byte[] library = Files.readAllBytes(NativeFiles.nshm());
        TestTrust.trust(Files.writeString(plugins.resolve("notes.so"), "this is not a library\n"));
        TestTrust.trust(Files.write(plugins.resolve("empty.so"), new byte[0]));
        // e_machine (offset 18) of another architecture: the dynamic loader would say "No such file or directory".
        int other = library[18] == 62 ? 183 : 62;
        TestTrust.trust(Files.write(plugins.resolve("foreign.so"), patched(library, 18, other)));
        TestTrust.trust(Files.write(plugins.resolve("narrow.so"), patched(library, 4, 1)));
        registry = ModuleKinds.open(plugins);

        assertThat(registry.scan()).hasSize(8);

        assertThat(info("nshm-1.0.0.so").state()).isEqualTo(ModuleState.STARTED);
        assertThat(info("nshm-bad-abi.so").cause()).isEqualTo("nshm-bad-abi.so was built for native ABI 99; this"
                + " host speaks native ABI 1. Rebuild it against this host's patchbay_transport.h");
        assertThat(info("nshm-bad-symbol.so").cause()).startsWith("nshm-bad-symbol.so does not export pb_send,"
                + " which every native transport must");
        assertThat(info("nshm-bad-link.so").cause()).isEqualTo("nshm-bad-link.so cannot be loaded by the dynamic"
                + " linker: undefined symbol: nshm_function_nobody_defines");
        assertThat(info("notes.so").cause()).isEqualTo("notes.so is not a shared library: it has no ELF header (it"
                + " starts with 'this is ')");
        assertThat(info("empty.so").cause()).contains("empty.so is not a shared library").contains("empty");
        assertThat(info("foreign.so").cause()).startsWith("foreign.so is built for ")
                .contains("(ELF machine " + other + "); this host runs").endsWith("wrong architecture, rebuild it"
                        + " for this machine");
        assertThat(info("narrow.so").cause()).isEqualTo("narrow.so is a 32-bit ELF file; this host runs 64-bit code");
        for (ModuleInfo m : registry.list()) {
            if (!m.file().getFileName().toString().equals("nshm-1.0.0.so")) {
                assertThat(m.state()).as(m.toString()).isEqualTo(ModuleState.FAILED);
                assertThat(m.kind()).isEqualTo("native");
            }
        }
        // Nothing of the refused libraries stays loaded, and the good one works.
        try (var maps = Files.lines(Path.of("/proc/self/maps"))) {
            assertThat(maps.filter(l -> l.contains("nshm-bad-") || l.contains("foreign")).toList()).isEmpty();
        }
        try (LinkPair pair = LinkPair.open(registry.resolve("nshm").orElseThrow().transport(), "nshm:" + name())) {
            pair.roundTrip();
        }
    }

    private static byte[] patched(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        copy[offset] = (byte) value;
        return copy;
    }

    @Test
    void keepsTwoGenerationsSideBySideEachFromItsOwnCopy() throws Exception {
        Files.copy(NativeFiles.nshm(), plugins.resolve("nshm-1.0.0.so"));
        Files.copy(NativeFiles.patch("nshm-1.0.1.so"), plugins.resolve("nshm-1.0.1.so"));
        registry = ModuleKinds.open(plugins);
        List<BackendModule> loaded = registry.scan();
        assertThat(loaded).extracting(BackendModule::state).containsOnly(ModuleState.STARTED);
        assertThat(registry.resolve("nshm").orElseThrow().module().version()).isEqualTo("1.0.1");

        NativeModule v1 = (NativeModule) loaded.get(0);
        NativeModule v2 = (NativeModule) loaded.get(1);
        Path copy1 = v1.loadedFrom().orElseThrow();
        Path copy2 = v2.loadedFrom().orElseThrow();
        assertThat(copy1).isNotEqualTo(copy2);
        assertThat(NativeFiles.mapped(copy1)).isTrue();
        assertThat(NativeFiles.mapped(copy2)).isTrue();

        // Both are usable at once, and the patch shows its change: per-link counters (pb_link_stats).
        try (LinkPair old = LinkPair.open(v1.transports().get(0), "nshm:" + name());
             LinkPair patched = LinkPair.open(v2.transports().get(0), "nshm:" + name())) {
            old.roundTrip();
            patched.roundTrip();
            assertThat(((NativeLink) old.server()).stats()).isEmpty();
            assertThat(((NativeLink) patched.server()).stats()).containsKeys("waits", "sleeps", "peer_checks");
        }
    }

    @Test
    void anExceptionOfTheApplicationsHandlerLeavesTheLinkOpen() throws Exception {
        Files.copy(NativeFiles.nshm(), plugins.resolve("nshm-1.0.0.so"));
        registry = ModuleKinds.open(plugins);
        Transport transport = registry.scan().get(0).transports().get(0);
        for (String datapath : List.of("rings", "calls")) {
            try (LinkPair pair = LinkPair.open(transport, "nshm:" + name() + "?datapath=" + datapath)) {
                pair.client().send(ByteBuffer.wrap(new byte[] {1}));
                assertThatThrownBy(() -> pair.server().receive(m -> {
                    throw new IllegalStateException("the application failed");
                }, 1, Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class)
                        .hasMessage("the application failed");
                assertThat(pair.server().isOpen()).as(datapath).isTrue();
                pair.roundTrip();
            }
        }
    }

    @Test
    void unloadingWakesABlockedReceiveThenUnmapsTheLibrary() throws Exception {
        Files.copy(NativeFiles.nshm(), plugins.resolve("nshm-1.0.0.so"));
        registry = ModuleKinds.open(plugins);
        // Two generations of one file: the listening side from the one to unload, the connecting side from the other.
        NativeModule module = (NativeModule) registry.scan().get(0);
        NativeModule other = (NativeModule) registry.load(plugins.resolve("nshm-1.0.0.so"));
        Path copy = module.loadedFrom().orElseThrow();
        LinkPair pair = LinkPair.open(module.transports().get(0), other.transports().get(0), "nshm:" + name());
        pair.roundTrip();
        AtomicReference<Thread> receiver = new AtomicReference<>();
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            receiver.set(Thread.currentThread());
            try {
                pair.server().receive(m -> { }, 1, Duration.ofSeconds(30));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        // Unload only once the receiver is inside the library, waiting in pb_await.
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.get() != null
                && Arrays.stream(receiver.get().getStackTrace()).anyMatch(f -> f.getMethodName().equals("pb_await")));

        registry.unload(module);

        assertThat(blocked.get(5, TimeUnit.SECONDS)).isInstanceOf(LinkClosedException.class);
        assertThat(pair.server().isOpen()).isFalse();
        assertThat(NativeFiles.mapped(copy)).as(copy + " in /proc/self/maps").isFalse();
        assertThat(copy).doesNotExist();
        // The other generation stays loaded, and its side of the link learns that the peer is gone.
        assertThat(NativeFiles.mapped(other.loadedFrom().orElseThrow())).isTrue();
        assertThatThrownBy(() -> pair.client().receive(m -> { }, 1, Duration.ofSeconds(5)))
                .isInstanceOf(PeerClosedException.class);
        assertThatThrownBy(() -> pair.server().send(ByteBuffer.allocate(1))).isInstanceOf(LinkClosedException.class);
        pair.close();
    }

    /** A connected pair of links, in this process. */
    record LinkPair(Link server, Link client) implements AutoCloseable {
        static LinkPair open(Transport transport, String address) throws Exception {
            return open(transport, transport, address);
        }

        static LinkPair open(Transport listening, Transport connecting, String address) throws Exception {
            Address a = Address.parse(address);
            try (Acceptor acceptor = listening.listen(a, LinkOptions.DEFAULTS)) {
                CompletableFuture<Link> client = CompletableFuture.supplyAsync(
                        () -> connecting.connect(a, LinkOptions.DEFAULTS));
                Link server = acceptor.accept(Duration.ofSeconds(5));
                return new LinkPair(server, client.get(5, TimeUnit.SECONDS));
            }
        }

        void roundTrip() {
            client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(receiveOne(server)).containsExactly(1, 2, 3);
            server.send(ByteBuffer.wrap(new byte[] {4}));
            assertThat(receiveOne(client)).containsExactly(4);
        }

        @Override
        public void close() {
            server.close();
            client.close();
        }
    }
}
