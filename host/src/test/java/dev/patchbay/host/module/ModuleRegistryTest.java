package dev.patchbay.host.module;

import dev.patchbay.host.ModuleKinds;
import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.ApiVersion;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import dev.patchbay.host.testing.PluginJars;
import dev.patchbay.host.testing.TestTrust;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Loads the real plugin jars the build made, and broken ones made from them, from a temporary folder. */
class ModuleRegistryTest {
    @TempDir
    Path plugins;
    @TempDir
    Path work;
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

    @Test
    void loadsTheRealPluginsAndListsBrokenOnesWithTheirCause() throws Exception {
        Path fifo = PluginJars.built("fifo");
        Files.copy(fifo, plugins.resolve("fifo-1.0.0.jar"));
        Files.copy(PluginJars.built("pipe"), plugins.resolve("pipe-1.0.0.jar"));
        PluginJars.withManifest(fifo, plugins.resolve("no-id.jar"), Map.of("Plugin-Id", ""));
        PluginJars.withManifest(fifo, plugins.resolve("api-9.jar"),
                Map.of("Plugin-Id", "future", ApiVersion.MANIFEST_ATTRIBUTE, "9.0"));
        // Built for API 1.x, when stream framing was still in the contract: refused by its manifest, not at its
        // first open with a missing class.
        PluginJars.withManifest(fifo, plugins.resolve("api-1.jar"),
                Map.of("Plugin-Id", "older", ApiVersion.MANIFEST_ATTRIBUTE, "1.2"));
        PluginJars.without(fifo, plugins.resolve("no-index.jar"), "META-INF/extensions.idx");
        TestTrust.trust(Files.write(plugins.resolve("garbage.jar"), "this is not a zip file".getBytes()));
        PluginJars.plus(PluginJars.withManifest(fifo, work.resolve("exploding-base.jar"),
                        Map.of("Plugin-Id", "exploding", "Plugin-Class", "test.ExplodingPlugin")),
                plugins.resolve("exploding.jar"), PluginJars.compile(work, "test.ExplodingPlugin", """
                        package test;
                        public class ExplodingPlugin extends org.pf4j.Plugin {
                            @Override
                            public void start() {
                                throw new IllegalStateException("boom: no configuration for this backend");
                            }
                        }
                        """));
        PluginJars.plus(PluginJars.withManifest(fifo, work.resolve("bundled-base.jar"), Map.of("Plugin-Id", "bundled")),
                plugins.resolve("bundles-api.jar"), apiClasses());

        registry = ModuleKinds.open(plugins);
        List<BackendModule> loaded = registry.scan();

        assertThat(loaded).hasSize(9);
        assertThat(info("fifo-1.0.0.jar").state()).isEqualTo(ModuleState.STARTED);
        assertThat(info("fifo-1.0.0.jar").schemes()).containsExactly("fifo");
        assertThat(info("fifo-1.0.0.jar").sha256()).hasSize(64);
        assertThat(info("pipe-1.0.0.jar").state()).isEqualTo(ModuleState.STARTED);
        assertThat(info("no-id.jar").state()).isEqualTo(ModuleState.FAILED);
        assertThat(info("no-id.jar").cause()).isEqualTo("no-id.jar has no Plugin-Id in META-INF/MANIFEST.MF");
        assertThat(info("api-9.jar").cause())
                .contains("built for plugin API 9.0").contains("accepts " + ApiVersion.CURRENT.acceptedRange());
        assertThat(info("api-1.jar").cause())
                .contains("built for plugin API 1.2; this host accepts 2.0 to " + ApiVersion.CURRENT);
        assertThat(info("no-index.jar").cause()).contains("provides no Transport").contains("extensions.idx");
        assertThat(info("garbage.jar").cause()).isEqualTo("garbage.jar is not a jar file (no zip signature at its start)");
        assertThat(info("exploding.jar").cause()).contains("start failed").contains("boom: no configuration");
        assertThat(info("bundles-api.jar").state()).isEqualTo(ModuleState.FAILED);
        assertThat(info("bundles-api.jar").cause()).contains("bundles its own copy of the plugin API");

        // The host carries on with what works: a real link through the loaded fifo transport.
        Transport transport = registry.resolve("fifo").orElseThrow().transport();
        Address address = Address.parse("fifo:registry-" + ProcessHandle.current().pid());
        try (Acceptor acceptor = transport.listen(address, LinkOptions.DEFAULTS)) {
            CompletableFuture<Link> client = CompletableFuture.supplyAsync(
                    () -> transport.connect(address, LinkOptions.DEFAULTS));
            try (Link server = acceptor.accept(Duration.ofSeconds(5)); Link c = client.get(5, TimeUnit.SECONDS)) {
                c.send(ByteBuffer.wrap(new byte[] {42}));
                byte[] got = new byte[1];
                assertThat(server.receive(m -> got[0] = m.get(), 1, Duration.ofSeconds(5))).isEqualTo(1);
                assertThat(got[0]).isEqualTo((byte) 42);
            }
        }
    }

    @Test
    void keepsTwoGenerationsSideBySideAndPrefersTheNewerVersion() throws Exception {
        Path fifo = PluginJars.built("fifo");
        Files.copy(fifo, plugins.resolve("fifo-1.0.0.jar"));
        PluginJars.withManifest(fifo, plugins.resolve("fifo-1.0.1.jar"), Map.of("Plugin-Version", "1.0.1"));
        registry = ModuleKinds.open(plugins);
        registry.scan();

        List<BackendModule> modules = registry.modules();
        assertThat(modules).extracting(BackendModule::state).containsOnly(ModuleState.STARTED);
        TransportRef chosen = registry.resolve("fifo").orElseThrow();
        assertThat(chosen.module().version()).isEqualTo("1.0.1");
        Class<?> a = GuardedTransport.unwrap(modules.get(0).transports().get(0)).getClass();
        Class<?> b = GuardedTransport.unwrap(modules.get(1).transports().get(0)).getClass();
        assertThat(a.getName()).isEqualTo(b.getName());
        assertThat(a).isNotSameAs(b);
        assertThat(a.getClassLoader()).isNotSameAs(b.getClassLoader());
    }

    @Test
    void unloadingReleasesTheClassLoaderAndTheJar() throws Exception {
        Files.copy(PluginJars.built("fifo"), plugins.resolve("fifo-1.0.0.jar"));
        registry = ModuleKinds.open(plugins);
        BackendModule module = registry.scan().get(0);
        WeakReference<ClassLoader> loader = new WeakReference<>(
                GuardedTransport.unwrap(module.transports().get(0)).getClass().getClassLoader());
        assertThat(openFilesMatching("fifo-1.0.0")).isNotEmpty();

        registry.unload(module);
        module = null;

        assertThat(registry.modules()).isEmpty();
        assertThat(openFilesMatching("fifo-1.0.0")).isEmpty();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return loader.get() == null;
        });
    }

    @Test
    void aMissingPluginsFolderIsAClearError() {
        registry = ModuleKinds.open(plugins.resolve("nowhere"));
        org.assertj.core.api.Assertions.assertThatThrownBy(registry::scan)
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("nowhere does not exist").hasMessageContaining("--plugins-dir");
    }

    /** The open files of this process whose path contains {@code text}. */
    static List<String> openFilesMatching(String text) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(target -> target.contains(text)).toList();
        }
    }

    /** Every class of the plugin API, as jar entries, for a plugin that wrongly bundles them. */
    private static Map<String, byte[]> apiClasses() throws IOException, URISyntaxException {
        Path source = Path.of(Transport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, byte[]> entries = new HashMap<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.walk(source.resolve("dev/patchbay/api"))) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    entries.put(source.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
            return entries;
        }
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source))) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (e.getName().startsWith("dev/patchbay/api/") && !e.isDirectory()) {
                    entries.put(e.getName(), readAll(in));
                }
            }
        }
        return entries;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
