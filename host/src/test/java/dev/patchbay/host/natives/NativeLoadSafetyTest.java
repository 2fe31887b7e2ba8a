package dev.patchbay.host.natives;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.ModuleKinds;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.cli.Main;
import dev.patchbay.host.module.ModuleInfo;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.ModuleTrust;
import dev.patchbay.host.patch.PatchResult;
import dev.patchbay.host.testing.NativeFiles;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native libraries that would take the loading process down — cut short, still being written, crashing or hanging
 * in a constructor — are refused with their cause, and the host goes on loading good ones.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativeLoadSafetyTest {
    @TempDir
    Path dir;
    private ModuleRegistry registry;
    private Patchbay host;
    private final BlockingQueue<PatchResult> results = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private Path plugins() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(NativeFiles.nshm(), plugins.resolve("nshm-1.0.0.so"));
        return plugins;
    }

    private ModuleInfo info(String fileName) {
        return registry.list().stream().filter(m -> m.file().getFileName().toString().equals(fileName))
                .findFirst().orElseThrow(() -> new AssertionError("no module from " + fileName));
    }

    private static boolean mappedNamed(String part) throws Exception {
        try (var maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.anyMatch(l -> l.contains(part));
        }
    }

    @Test
    void aTruncatedLibraryIsFailedWithWhereItIsCutAndNeverReachesTheDynamicLoader() throws Exception {
        byte[] whole = Files.readAllBytes(NativeFiles.patch("nshm-1.0.1.so"));
        Path plugins = plugins();
        Files.write(plugins.resolve("trunc-1.0.0.so"), Arrays.copyOf(whole, 8192));
        Files.write(plugins.resolve("stub-1.0.0.so"), Arrays.copyOf(whole, 100));
        Files.write(plugins.resolve("tail-1.0.0.so"), Arrays.copyOf(whole, whole.length - 64));
        registry = ModuleKinds.open(plugins, ModuleTrust.anyModule());

        registry.scan();

        assertThat(info("trunc-1.0.0.so").cause()).startsWith("trunc-1.0.0.so is truncated: the PT_LOAD segment of"
                + " program header ").endsWith(", past the file's end 8192");
        // The program headers start at byte 64 and are 56 bytes each.
        assertThat(info("stub-1.0.0.so").cause()).isEqualTo("stub-1.0.0.so is truncated: program header 0 ends at"
                + " byte 120 past the file's end 100");
        assertThat(info("tail-1.0.0.so").cause()).startsWith("tail-1.0.0.so is truncated: section header ")
                .endsWith(" past the file's end " + (whole.length - 64));
        for (String cut : List.of("trunc-1.0.0.so", "stub-1.0.0.so", "tail-1.0.0.so")) {
            assertThat(info(cut).state()).isEqualTo(ModuleState.FAILED);
        }
        assertThat(mappedNamed("trunc-")).as("a truncated library was mapped").isFalse();
        assertThat(info("nshm-1.0.0.so").state()).isEqualTo(ModuleState.STARTED);
        try (NativeModuleTest.LinkPair pair = NativeModuleTest.LinkPair.open(
                registry.resolve("nshm").orElseThrow().transport(), "nshm:" + name())) {
            pair.roundTrip();
        }
    }

    @Test
    void theCliListsATruncatedLibraryAsFailedInsteadOfDying() throws Exception {
        Path plugins = plugins();
        Files.write(plugins.resolve("trunc-1.0.0.so"),
                Arrays.copyOf(Files.readAllBytes(NativeFiles.patch("nshm-1.0.1.so")), 8192));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "plugins", "--plugins-dir",
                plugins.toString(), "--trust-all");

        // 1: finished, but a module FAILED (before, the process died in the dynamic loader with 134).
        assertThat(status).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("FAILED").contains("trunc-1.0.0.so is truncated: the PT_LOAD segment");
    }

    @Test
    void aLibraryWhoseConstructorFaultsIsFailedNamingSigsegv() throws Exception {
        Path plugins = plugins();
        Files.copy(NativeFiles.patch("nshm-bad-fault.so"), plugins.resolve("nshm-bad-fault.so"));
        registry = ModuleKinds.open(plugins, ModuleTrust.anyModule());

        registry.scan();

        assertThat(info("nshm-bad-fault.so").state()).isEqualTo(ModuleState.FAILED);
        assertThat(info("nshm-bad-fault.so").cause()).isEqualTo("nshm-bad-fault.so crashed with SIGSEGV (signal 11)"
                + " while loading in a probe process (in a constructor or pb_module_info); not loaded");
        assertThat(mappedNamed("nshm-bad-fault")).isFalse();
        assertThat(info("nshm-1.0.0.so").state()).isEqualTo(ModuleState.STARTED);
    }

    @Test
    void aLibraryWrittenInPlaceIntoAWatchedFolderIsLoadedOnlyOnceCompleteAndFromItsOwnCopy() throws Exception {
        Path plugins = plugins();
        startWatching(plugins);
        byte[] whole = Files.readAllBytes(NativeFiles.patch("nshm-1.0.1.so"));
        Path target = plugins.resolve("nshm-1.0.1.so");

        // Written where it will be loaded, 4 KiB every half second: a slow copy, or an attack.
        try (FileChannel file = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int at = 0; at < whole.length; at += 4096) {
                file.write(ByteBuffer.wrap(whole, at, Math.min(4096, whole.length - at)));
                Thread.sleep(500);
            }
        }

        List<PatchResult> partial = new ArrayList<>();
        PatchResult result;
        while ((result = results.poll(60, TimeUnit.SECONDS)) != null && !result.deployed()) {
            partial.add(result);
        }
        assertThat(result).as("deployed once complete; before that: " + partial).isNotNull();
        assertThat(result.module()).isEqualTo("nshm@1.0.1");
        // A writer slower than the settle window may get a part looked at: it is refused, never loaded.
        assertThat(partial).allSatisfy(p -> assertThat(p.reason()).contains("is truncated"));
        assertThat(host.modules().resolve("nshm").orElseThrow().module().version()).isEqualTo("1.0.1");

        // The library is mapped from the host's private copy: writing over the original cannot reach it.
        try (FileChannel file = FileChannel.open(target, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[whole.length]), 0);
        }
        try (NativeModuleTest.LinkPair pair = NativeModuleTest.LinkPair.open(
                host.modules().resolve("nshm").orElseThrow().transport(), "nshm:" + name())) {
            pair.roundTrip();
        }
        PatchResult overwritten = results.poll(60, TimeUnit.SECONDS);
        assertThat(overwritten).isNotNull();
        assertThat(overwritten.deployed()).isFalse();
        assertThat(overwritten.reason()).contains("is not a shared library");
        assertThat(host.modules().resolve("nshm").orElseThrow().module().version()).isEqualTo("1.0.1");
    }

    @Test
    void aLibraryThatHangsWhileLoadingFailsOnTimeoutAndAGoodOneDroppedAfterItStillLoads() throws Exception {
        Path plugins = plugins();
        startWatching(plugins);

        PatchResult hung = drop(plugins, NativeFiles.patch("nshm-bad-hang.so"), "nshm-bad-hang.so");

        assertThat(hung.deployed()).isFalse();
        assertThat(hung.reason()).isEqualTo("nshm-bad-hang.so did not finish loading within 5 s in a probe process (a"
                + " constructor or pb_module_info never returned); not loaded");
        assertThat(mappedNamed("nshm-bad-hang")).isFalse();
        // The probe's child, deaf to SIGTERM, was killed with it.
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("")
                .endsWith("pbprobe")).toList()).isEmpty();

        PatchResult good = drop(plugins, NativeFiles.patch("nshm-1.0.1.so"), "nshm-1.0.1.so");

        assertThat(good.deployed()).as(good.reason()).isTrue();
        assertThat(host.modules().resolve("nshm").orElseThrow().module().version()).isEqualTo("1.0.1");
    }

    private void startWatching(Path plugins) {
        host = Patchbay.start(PeerHosts.patching(HostConfig.of(plugins)).withTrust(ModuleTrust.anyModule())
                .withControl(false));
        host.addPatchListener(results::add);
    }

    /** Copies under a hidden name, then renames into the folder, as an operator deploys. */
    private PatchResult drop(Path plugins, Path library, String name) throws Exception {
        Path part = plugins.resolve("." + name + ".part");
        Files.copy(library, part);
        Files.move(part, plugins.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        PatchResult result = results.poll(60, TimeUnit.SECONDS);
        assertThat(result).as("the watcher looked at " + name).isNotNull();
        return result;
    }

    private static String name() {
        return "load-safety-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
