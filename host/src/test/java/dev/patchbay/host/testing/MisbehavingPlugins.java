package dev.patchbay.host.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Plugin jars that misbehave, built from the real fifo jar for a test: a fifo 1.0.3 whose listen or connect hangs
 * for good (ignoring interrupts, as a module stuck in a system call would) or throws an unexpected exception. The
 * rest is the real fifo transport.
 */
public final class MisbehavingPlugins {
    /** A call that never returns. */
    public static final String HANG = "return hang();";
    /** A call that fails with something no transport should throw. */
    public static final String THROW = "throw new IllegalStateException(\"this backend exploded\");";

    private MisbehavingPlugins() {
    }

    /**
     * Writes {@code target}: fifo 1.0.3 whose {@code listen} runs {@code listen} and whose {@code connect} runs
     * {@code connect} (Java statements; {@code a}, {@code o} and the real {@code fifo} are in scope).
     */
    public static Path fifo(Path work, Path target, String listen, String connect) throws IOException {
        Path fifo = PluginJars.built("fifo");
        String name = "Misbehaving" + Integer.toHexString((listen + connect).hashCode() & 0x7fffffff);
        Map<String, byte[]> classes = new HashMap<>(PluginJars.compile(Files.createDirectories(work.resolve(name)),
                "test." + name, """
                package test;

                import dev.patchbay.api.*;

                @org.pf4j.Extension
                public class NAME implements Transport {
                    private final Transport fifo = new dev.patchbay.transport.fifo.FifoTransport();

                    public String scheme() { return fifo.scheme(); }
                    public Capabilities capabilities() { return fifo.capabilities(); }
                    public java.util.Optional<java.util.Set<String>> parameters() { return fifo.parameters(); }
                    public Acceptor listen(Address a, LinkOptions o) { LISTEN }
                    public Link connect(Address a, LinkOptions o) { CONNECT }

                    static <T> T hang() {
                        while (true) {
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                // Stuck for good.
                            }
                        }
                    }
                }
                """.replace("NAME", name).replace("LISTEN", listen).replace("CONNECT", connect), fifo));
        classes.put("META-INF/extensions.idx", ("test." + name + "\n").getBytes());
        Path base = PluginJars.withManifest(fifo, work.resolve(name + "-base.jar"), Map.of("Plugin-Version", "1.0.3"));
        return PluginJars.plus(base, target, classes);
    }

    /** The statement that does what the real fifo does for {@code listen}. */
    public static String realListen() {
        return "return fifo.listen(a, o);";
    }

    /** The statement that does what the real fifo does for {@code connect}. */
    public static String realConnect() {
        return "return fifo.connect(a, o);";
    }
}
