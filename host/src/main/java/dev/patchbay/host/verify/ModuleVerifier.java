package dev.patchbay.host.verify;

import dev.patchbay.api.ApiVersion;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.ModuleKinds;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleInfo;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.NativePlatform;
import dev.patchbay.host.module.TransportRef;
import dev.patchbay.host.natives.NativeModule;
import dev.patchbay.sharedmem.posix.Signal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Verifies one module file in six checks, each bounded by the check timeout: its descriptor (alone, through the
 * host's own loaders), its load in a scratch host beside the built-in modules, numbered traffic through a spawned
 * echo peer, a migration back to {@code pipe} with messages in flight, a peer killed with SIGKILL on its link, and
 * its unloading. A check that the later ones depend on ends the run when it fails.
 */
public final class ModuleVerifier {
    /** The checks, in order. */
    public static final List<String> CHECKS = List.of("descriptor", "load", "traffic", "migrate", "peer killed",
            "unload");

    private static final int IN_FLIGHT = 200;
    private static final int SMALL = 16;
    private static final int SUSTAINED_BATCHES = 10;
    /** Room for the channel's own frame header below the largest message a link takes. */
    private static final int HEADER_ROOM = 4096;

    private final VerifySettings settings;
    private final Consumer<CheckResult> report;
    private final List<CheckResult> results = new ArrayList<>();
    private ScratchFolder scratch;
    private Patchbay host;
    private TransportRef underTest;
    private UnloadProbe probe;
    private Channel channel;

    private ModuleVerifier(VerifySettings settings, Consumer<CheckResult> report) {
        this.settings = settings;
        this.report = report;
    }

    /**
     * Runs the checks on {@code file}, handing each result to {@code report} as it is known.
     *
     * @return every result; fewer than {@link #CHECKS} if one that the rest depend on failed
     */
    public static List<CheckResult> verify(Path file, VerifySettings settings, Consumer<CheckResult> report) {
        ModuleVerifier run = new ModuleVerifier(settings, report);
        try {
            run.runAll(file.toAbsolutePath().normalize());
        } finally {
            run.cleanUp();
        }
        return List.copyOf(run.results);
    }

    private void runAll(Path file) {
        if (!ModuleRegistry.isModuleFile(file)) {
            record(CheckResult.fail("descriptor", file.getFileName() + " is not a module file: plugins are .jar"
                    + " files and native ." + NativePlatform.current().libraryExtension() + " libraries"));
            return;
        }
        scratch = ScratchFolder.create(file, settings.builtIns(), settings.host().trust());
        if (!check("descriptor", this::descriptor) || !check("load", this::load)) {
            return;
        }
        if (check("traffic", this::traffic)) {
            check("migrate", this::migrate);
        }
        closeChannel();
        check("peer killed", this::peerKilled);
        check("unload", this::unload);
    }

    private boolean check(String name, CheckBody body) {
        CheckResult result = BoundedCheck.run(name, settings.checkTimeout(), () -> body.run(name));
        record(result);
        return result.passed();
    }

    private void record(CheckResult result) {
        results.add(result);
        report.accept(result);
    }

    @FunctionalInterface
    private interface CheckBody {
        CheckResult run(String name) throws Exception;
    }

    /** The host's own loaders read the descriptor (jar manifest, or ELF header, symbols and ABI of a library). */
    private CheckResult descriptor(String name) {
        try (ModuleRegistry alone = ModuleKinds.open(scratch.plugins(), scratch.hostTrust())) {
            BackendModule module = alone.load(scratch.underTest());
            ModuleInfo info = module.info();
            if (module.state() != ModuleState.STARTED) {
                return CheckResult.fail(name, info.cause());
            }
            String version = module.kind().equals("jar")
                    ? "plugin API " + info.apiVersion() + " (this host accepts " + ApiVersion.CURRENT.acceptedRange()
                    + ")"
                    : info.apiVersion() + " (this host: abi " + NativeModule.ABI_VERSION + ")";
            return CheckResult.pass(name, info.id() + " " + info.version() + ", " + module.kind() + ", " + version
                    + ", schemes " + String.join(",", info.schemes()));
        }
    }

    private CheckResult load(String name) {
        HostConfig given = settings.host();
        host = Patchbay.start(new HostConfig(scratch.plugins(), given.linkOptions(), given.migrationOptions(), false,
                false, scratch.hostTrust()));
        BackendModule module = host.modules().modules().stream()
                .filter(m -> m.source().equals(scratch.underTest())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the scratch host did not load "
                        + scratch.underTest().getFileName()));
        if (module.state() != ModuleState.STARTED) {
            return CheckResult.fail(name, module.label() + " is " + module.state() + ": " + module.info().cause());
        }
        if (module.transports().isEmpty()) {
            return CheckResult.fail(name, module.label() + " is STARTED but serves no scheme");
        }
        for (var transport : module.transports()) {
            var availability = transport.availability();
            if (!availability.available()) {
                return CheckResult.fail(name, transport.scheme() + ": cannot work here: " + availability.cause());
            }
        }
        underTest = new TransportRef(module, module.transports().get(0));
        probe = UnloadProbe.of(underTest);
        String others = host.modules().list().stream().filter(m -> m.generation() != module.generation())
                .map(m -> m.id() + (m.state() == ModuleState.STARTED ? "" : " (" + m.state() + ")"))
                .collect(Collectors.joining(", "));
        return CheckResult.pass(name, module.label() + " STARTED, serving " + String.join(",", module.info()
                .schemes()) + ", beside " + (others.isEmpty() ? "no other module" : others));
    }

    private CheckResult traffic(String name) {
        channel = SpawnedPeer.spawn(host, scratch).channel();
        MigrationReport moved = host.migrate(channel, underTest);
        if (moved.outcome() != MigrationOutcome.COMMITTED) {
            return CheckResult.fail(name, "moving the channel to " + underTest.module().label() + " ended "
                    + moved.outcome() + ": " + moved.reason());
        }
        int max = settings.host().linkOptions().maxMessageSize() - HEADER_ROOM;
        List<Integer> sizes = List.of(0, 1, 4096, max, 0, 1, 4096, max);
        NumberedTraffic traffic = new NumberedTraffic(channel, settings.checkTimeout());
        traffic.lockstep(sizes);
        // A backend that breaks only under sustained use shows it here, not once deployed.
        for (int batch = 0; batch < SUSTAINED_BATCHES; batch++) {
            traffic.expectBatch(traffic.sendBatch(IN_FLIGHT, SMALL), IN_FLIGHT, SMALL);
        }
        if (channel.transport().module().generation() != underTest.module().generation()) {
            return CheckResult.fail(name, "the channel left " + underTest.module().label() + " for "
                    + channel.transport().module().label() + " while carrying traffic");
        }
        return CheckResult.pass(name, sizes.size() + " numbered messages of 0, 1, 4096 and " + max + " bytes, then "
                + SUSTAINED_BATCHES * IN_FLIGHT + " in batches of " + IN_FLIGHT + ", echoed in order over "
                + channel.link().address());
    }

    private CheckResult migrate(String name) {
        NumberedTraffic traffic = new NumberedTraffic(channel, settings.checkTimeout());
        long first = traffic.sendBatch(IN_FLIGHT, SMALL);
        MigrationReport back = host.swap(channel.name(), "pipe");
        traffic.sendBatch(IN_FLIGHT, SMALL);
        if (back.outcome() != MigrationOutcome.COMMITTED) {
            return CheckResult.fail(name, "moving back to pipe ended " + back.outcome() + ": " + back.reason());
        }
        traffic.expectBatch(first, 2 * IN_FLIGHT, SMALL);
        return CheckResult.pass(name, "to " + underTest.transport().scheme() + " and back to pipe with "
                + IN_FLIGHT + " messages in flight: " + 2 * IN_FLIGHT + " echoed, 0 lost, 0 duplicated,"
                + " 0 reordered");
    }

    private CheckResult peerKilled(String name) throws InterruptedException {
        SpawnedPeer peer = SpawnedPeer.spawn(host, scratch);
        Channel victim = peer.channel();
        try {
            MigrationReport moved = host.migrate(victim, underTest);
            if (moved.outcome() != MigrationOutcome.COMMITTED) {
                return CheckResult.fail(name, "moving the channel to " + underTest.module().label() + " ended "
                        + moved.outcome() + ": " + moved.reason());
            }
            long killedAt = System.nanoTime();
            Signal.kill((int) peer.process().pid(), Signal.SIGKILL);
            long deadline = killedAt + settings.killNotice().toNanos();
            while (!victim.state().ended() && System.nanoTime() < deadline) {
                try {
                    victim.receive((sequence, message) -> { }, 1, Duration.ofMillis(100));
                } catch (PeerClosedException e) {
                    break;
                } catch (PatchbayException e) {
                    if (!victim.state().ended()) {
                        throw e;
                    }
                }
            }
            long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
            if (!victim.state().ended()) {
                return CheckResult.fail(name, "peer " + peer.process().pid() + " killed with SIGKILL on "
                        + victim.link().address() + ": the channel is still " + victim.state() + " after "
                        + settings.killNotice().toSeconds() + " s");
            }
            return CheckResult.pass(name, "peer " + peer.process().pid() + " killed with SIGKILL on "
                    + victim.link().address() + ": channel " + victim.state() + " after " + tookMillis + " ms");
        } finally {
            victim.close();
            peer.process().destroyForcibly();
        }
    }

    private CheckResult unload(String name) throws InterruptedException {
        BackendModule module = underTest.module();
        underTest = null;
        host.modules().unload(module);
        ModuleState state = module.state();
        String label = module.label();
        module = null;
        if (state != ModuleState.UNLOADED) {
            return CheckResult.fail(name, label + " is " + state + " after unloading");
        }
        // Everything else the host holds goes too, so that only the plugin itself could keep its loader alive.
        host.close();
        host = null;
        return probe.await(name, settings.checkTimeout().dividedBy(2));
    }

    private void closeChannel() {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void cleanUp() {
        closeChannel();
        if (host != null) {
            host.close();
            host = null;
        }
        if (scratch != null) {
            scratch.close();
        }
    }
}
