package dev.patchbay.host.cli;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.dashboard.Dashboard;
import dev.patchbay.host.demo.DemoRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code patchbay demo}: the live demo. */
@Command(name = "demo", description = {"The live demo: spawn a peer process and stream numbered messages through it"
        + " while the channel moves through every backend, a patch is deployed by dropping its jar into the plugins"
        + " folder, and a broken patch is rolled back. Prints each transition with its pause, then the totals:"
        + " lost, duplicated, reordered.",
        "Runs on a temporary copy of the plugins folder; patches come from patches/ beside it."},
        footerHeading = "%nExamples:%n", footer = {"  patchbay demo", "  patchbay demo --step 2s --rate 50000",
                "  patchbay demo --backends fifo,shm",
                "  patchbay demo --http 8080 --step 3s   (then open http://127.0.0.1:8080/)"})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Mixin
    DashboardOptions http;

    @Option(names = "--step", paramLabel = "DURATION", defaultValue = "700ms", converter = DurationConverter.class,
            description = "Traffic time between transitions (default ${DEFAULT-VALUE}).")
    Duration step;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "256",
            description = "Message size in bytes, at least 8 (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "20000",
            description = "Messages per second each way, on a fixed schedule; 0 for as fast as possible"
                    + " (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--backends", split = ",", paramLabel = "<scheme>",
            description = "Tour only these backends, e.g. fifo,uds. Default: every loaded one (a third party's too).")
    Set<String> backends = Set.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        http.address();
        Path plugins = host.plugins();
        host.quietUnlessVerbose();
        Path copy = DemoRunner.copyPlugins(plugins, DemoRunner.PATCHES);
        HostConfig config = host.config(copy).withWatch(true).withControl(true);
        Patchbay patchbay = Patchbay.start(config);
        DemoRunner demo = new DemoRunner(patchbay, spec.commandLine().getOut(), step, size, rate,
                plugins.resolveSibling("patches"), backends);
        Optional<Dashboard> dashboard = Optional.empty();
        OnCtrlC stop = OnCtrlC.run(() -> stopped(demo, patchbay, copy));
        try {
            dashboard = http.start(patchbay, "demo", spec.commandLine().getOut());
            dashboard.ifPresent(d -> d.with("totals", demo::totals));
            return demo.run();
        } finally {
            stop.close();
            dashboard.ifPresent(Dashboard::close);
            patchbay.close();
            DemoRunner.deleteTree(copy);
        }
    }

    private void stopped(DemoRunner demo, Patchbay patchbay, Path copy) {
        demo.printPartial();
        patchbay.close();
        try {
            DemoRunner.deleteTree(copy);
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("patchbay: could not remove " + copy + ": " + e.getMessage());
        }
    }
}
