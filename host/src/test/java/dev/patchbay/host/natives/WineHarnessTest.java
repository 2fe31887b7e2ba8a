package dev.patchbay.host.natives;

import dev.patchbay.host.testing.WindowsBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native ABI as a Windows DLL, run for real under Wine: pbwinharness (cross-built with mingw-w64) loads npipe
 * 1.0.0 with LoadLibrary in two processes, streams numbered messages from one to the other, loads the 1.0.1 patch
 * beside it, moves the stream over and frees the old DLL while messages go on. Skipped, with the reason, where the
 * build made no DLL or Wine is missing.
 */
class WineHarnessTest {
    private static final int MESSAGES = 20_000;
    /** Wine's first start in a fresh prefix builds it (tens of seconds on 2 cores); later runs take seconds. */
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    /** A Linux path as Wine's Z: drive shows it. */
    private static String windowsPath(Path path) {
        return "Z:" + path.toAbsolutePath().normalize().toString().replace('/', '\\');
    }

    @Test
    void aPatchedDllTakesOverTheStreamAndTheOldOneIsFreedWithNoMessageLostOrReordered() throws Exception {
        Path harness = WindowsBuild.file("pbwinharness.exe");
        Path oldDll = WindowsBuild.file("npipe-1.0.0.dll");
        Path newDll = WindowsBuild.file("npipe-1.0.1.dll");
        Path wine = WindowsBuild.wine();
        Path work = Files.createDirectories(dir.resolve("work"));
        Path output = dir.resolve("harness.out");
        ProcessBuilder builder = new ProcessBuilder(List.of(wine.toString(), harness.toString(),
                windowsPath(oldDll), windowsPath(newDll), windowsPath(work), Integer.toString(MESSAGES)))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(output.toFile())
                .redirectErrorStream(true);
        // A prefix of this build's own, kept between runs; no Mono or Gecko installer, no window, no debug noise.
        builder.environment().put("WINEPREFIX", Path.of("target", "wine-prefix").toAbsolutePath().toString());
        builder.environment().put("WINEDEBUG", "-all");
        builder.environment().put("WINEDLLOVERRIDES", "mscoree,mshtml=");
        builder.environment().remove("DISPLAY");
        Process wineRun = builder.start();
        boolean finished = wineRun.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            wineRun.descendants().forEach(ProcessHandle::destroyForcibly);
            wineRun.destroyForcibly();
        }
        String out = Files.readString(output);
        assertThat(finished).as("the harness finished within %s; it said:%n%s", LIMIT, out).isTrue();
        assertThat(out).contains("pbwinharness: ok: " + MESSAGES + " messages in order, " + MESSAGES / 2
                + " over 1.0.0, " + MESSAGES / 2 + " over 1.0.1");
        assertThat(wineRun.exitValue()).as(out).isZero();
        // Each process loaded its own copy of each version, as the host does per generation.
        try (var copies = Files.list(work)) {
            assertThat(copies.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "receiver-g1-npipe-1.0.0.dll", "receiver-g2-npipe-1.0.1.dll",
                    "sender-g1-npipe-1.0.0.dll", "sender-g2-npipe-1.0.1.dll");
        }
    }
}
