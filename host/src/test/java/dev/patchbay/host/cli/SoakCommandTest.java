package dev.patchbay.host.cli;

import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak takes every loaded backend, a third party's as much as ours: a plugin built here with its own id and
 * scheme ({@code relay}, its links a fifo's underneath) takes part in the migrations, and a scheme no module serves
 * is refused by name before anything starts.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SoakCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void aThirdPartyBackendTakesPartAndAnUnknownOneIsRefused() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        for (String id : new String[] {"pipe", "fifo"}) {
            Path jar = PluginJars.built(id);
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
        relayPlugin(plugins.resolve("relay-1.0.0.jar"));

        assertThat(run("soak", "--plugins-dir", plugins.toString(), "--backends", "nosuch,fifo",
                "--migrations", "2")).as(err.toString()).isEqualTo(15);
        assertThat(err.toString().strip()).startsWith("patchbay: soak --backends: no backend serves nosuch here;"
                + " loaded schemes: fifo, relay, pipe");

        assertThat(run("soak", "--plugins-dir", plugins.toString(), "--backends", "relay,fifo",
                "--migrations", "5", "--broken-every", "0", "--rate", "2000", "--step-timeout", "60s"))
                .as(out + "\n" + err).isZero();
        assertThat(out.toString())
                .contains("5 committed, 0 rolled back")
                .contains("relay@1.0.0 -> fifo@1.0.0").contains("fifo@1.0.0 -> relay@1.0.0")
                .contains("lost = 0  duplicated = 0  reordered = 0");
    }

    /**
     * Writes a plugin as an outside developer would ship it: its own id ({@code relay}) and scheme, built from
     * source here. Its links are fifo links (it bundles the fifo classes), opened under a {@code relay:} address.
     */
    private Path relayPlugin(Path target) throws Exception {
        Path fifo = PluginJars.built("fifo");
        Map<String, byte[]> classes = new HashMap<>(PluginJars.compile(dir.resolve("relay-src"), "test.Relay", """
                package test;

                import dev.patchbay.api.*;
                import java.nio.ByteBuffer;
                import java.time.Duration;

                @org.pf4j.Extension
                public class Relay implements Transport {
                    private final Transport fifo = new dev.patchbay.transport.fifo.FifoTransport();

                    public String scheme() { return "relay"; }
                    public Capabilities capabilities() { return fifo.capabilities(); }
                    public java.util.Optional<java.util.Set<String>> parameters() { return fifo.parameters(); }

                    public Acceptor listen(Address a, LinkOptions o) {
                        Acceptor inner = fifo.listen(as("fifo", a), o);
                        return new Acceptor() {
                            public Address address() { return as("relay", inner.address()); }
                            public Link accept(Duration t) { return relay(inner.accept(t)); }
                            public void close() { inner.close(); }
                        };
                    }

                    public Link connect(Address a, LinkOptions o) { return relay(fifo.connect(as("fifo", a), o)); }

                    static Address as(String scheme, Address a) { return Address.of(scheme, a.name(), a.params()); }

                    static Link relay(Link inner) {
                        return new Link() {
                            public Address address() { return as("relay", inner.address()); }
                            public void send(ByteBuffer m) { inner.send(m); }
                            public void send(ByteBuffer h, ByteBuffer p) { inner.send(h, p); }
                            public int offer(ByteBuffer h, ByteBuffer p) { return inner.offer(h, p); }
                            public int receive(MessageHandler h, int l, long t) { return inner.receive(h, l, t); }
                            public boolean isOpen() { return inner.isOpen(); }
                            public void close() { inner.close(); }
                        };
                    }
                }
                """, fifo));
        classes.put("META-INF/extensions.idx", "test.Relay\n".getBytes());
        Path base = PluginJars.withManifest(fifo, dir.resolve("relay-base.jar"),
                Map.of("Plugin-Id", "relay", "Plugin-Version", "1.0.0", "Plugin-Description", "a third party's"));
        return PluginJars.plus(base, target, classes);
    }
}
