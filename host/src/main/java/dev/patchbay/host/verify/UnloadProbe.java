package dev.patchbay.host.verify;

import dev.patchbay.host.module.TransportRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * What shows that a generation is really gone: a jar's class loader can be collected; a native library's private
 * copy is no longer mapped into this process. Holds nothing that would keep either alive.
 */
final class UnloadProbe {
    private static final Duration POLL = Duration.ofMillis(100);

    private final WeakReference<ClassLoader> loader;
    private final Path nativeCopy;

    private UnloadProbe(WeakReference<ClassLoader> loader, Path nativeCopy) {
        this.loader = loader;
        this.nativeCopy = nativeCopy;
    }

    /** A probe for the generation behind {@code ref}, taken while it is loaded. */
    static UnloadProbe of(TransportRef ref) {
        if (ref.module().kind().equals("jar")) {
            return new UnloadProbe(new WeakReference<>(ref.implementation().getClass().getClassLoader()), null);
        }
        return new UnloadProbe(null, ref.module().copy());
    }

    /** Waits up to {@code limit} for the generation to be gone; the detail says what was seen. */
    CheckResult await(String check, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (loader != null) {
                // Collection is not promised on one request: ask again until the bound.
                System.gc();
                if (loader.get() == null) {
                    return CheckResult.pass(check, "generation unloaded, its class loader collected");
                }
            } else if (nativeCopy == null || !mapped(nativeCopy)) {
                return CheckResult.pass(check, "generation unloaded, its private copy no longer in /proc/self/maps");
            }
            if (System.nanoTime() > deadline) {
                return CheckResult.fail(check, loader != null
                        ? "the class loader of the unloaded generation is still reachable after " + limit.toSeconds()
                        + " s (a thread, static or cache outside the plugin holds it)"
                        : nativeCopy + " is still mapped after " + limit.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static boolean mapped(Path file) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            String name = file.toString();
            return lines.anyMatch(line -> line.endsWith(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/maps: " + e.getMessage(), e);
        }
    }
}
