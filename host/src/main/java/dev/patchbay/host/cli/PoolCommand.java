package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.dashboard.Dashboard;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.NativePlatform;
import dev.patchbay.host.pool.Balance;
import dev.patchbay.host.pool.PoolOptions;
import dev.patchbay.host.pool.PoolPlan;
import dev.patchbay.host.pool.PoolRun;
import dev.patchbay.host.pool.ScalingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code patchbay pool}: a dispatcher and N worker processes, patched and swapped while tasks flow. */
@Command(name = "pool", description = {"A process pool: spawn worker processes over anonymous pipes, hand them tasks"
        + " (least outstanding first, or round-robin), collect the results and check that every task came back"
        + " exactly once. Meanwhile a worker killed with SIGKILL has its tasks reassigned and is replaced, a patch"
        + " dropped into the plugins folder rolls through the workers one channel at a time, and --swap-to moves"
        + " them to another backend one at a time; each migration is printed with the pause its worker saw.",
        "Ends with the account: tasks sent, returned, lost, duplicated, reassigned, respawned."},
        footerHeading = "%nExamples:%n", footer = {"  patchbay pool --workers 4 --tasks 500000",
                "  patchbay pool --kill-one --swap-to shm --rate 20000",
                "  patchbay pool --swap-to fifo --patch patches/fifo-1.0.1.jar   (to fifo, then fifo 1.0.1)",
                "  patchbay pool --http 8080 --rate 20000 --tasks 2000000   (then open http://127.0.0.1:8080/)",
                "  patchbay pool --scaling --tasks 200000"})
final class PoolCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Mixin
    DashboardOptions http;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4",
            description = "Worker processes, 1 to 64 (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "1000000",
            description = "Tasks in all (default ${DEFAULT-VALUE}).")
    long tasks;

    @Option(names = "--work", paramLabel = "ROUNDS", defaultValue = "200",
            description = "Rounds of computation per task: its cost (default ${DEFAULT-VALUE}).")
    int work;

    @Option(names = "--window", paramLabel = "N", defaultValue = "64",
            description = "Most tasks outstanding at one worker (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Tasks per second to hand out; 0 for as fast as the workers go (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--balance", paramLabel = "POLICY", defaultValue = "least-outstanding",
            description = "least-outstanding or round-robin (default ${DEFAULT-VALUE}).")
    String balance;

    @Option(names = "--kill-one", description = "At a quarter of the tasks, kill one worker with SIGKILL.")
    boolean killOne;

    @Option(names = "--patch", paramLabel = "FILE",
            description = "At three quarters of the tasks, drop this module file into the plugins folder (the patch"
                    + " watcher then moves the workers on that backend to it, one at a time).")
    Path patch;

    @Option(names = "--swap-to", paramLabel = "BACKEND",
            description = "At half of the tasks, move every worker to this backend, one at a time.")
    String swapTo;

    @Option(names = "--scaling", description = "Instead: run the tasks through 1, 2 and 4 workers and print tasks/s"
            + " of each as a ratio to one worker's.")
    boolean scaling;

    @Option(names = "--run-timeout", paramLabel = "DURATION", defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Give up if the tasks have not all come back by then (default ${DEFAULT-VALUE}).")
    Duration runTimeout;

    @Spec
    CommandSpec spec;

    private PoolOptions options() {
        Balance policy;
        try {
            policy = Balance.of(balance);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--balance " + balance + ": " + e.getMessage());
        }
        try {
            return new PoolOptions(workers, tasks, work, window, rate, policy);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage().replaceFirst("=", " "));
        }
    }

    @Override
    public Integer call() throws Exception {
        PoolOptions options = options();
        http.address();
        if (patch != null && !Files.isRegularFile(patch)) {
            throw new ParameterException(spec.commandLine(), "--patch " + patch + ": no such file");
        }
        if (patch != null && !ModuleRegistry.isModuleFile(patch.getFileName())) {
            throw new ParameterException(spec.commandLine(), "--patch " + patch + ": not a module file (a plugin"
                    + " .jar or a native ." + NativePlatform.current().libraryExtension() + "); the patch watcher would"
                    + " ignore it");
        }
        host.quietUnlessVerbose();
        Path plugins = host.plugins();
        if (scaling) {
            try (Patchbay patchbay = Patchbay.start(host.config(plugins))) {
                return new ScalingRun(patchbay, spec.commandLine().getOut(), options, host.openTimeout(),
                        runTimeout).run();
            }
        }
        Patchbay patchbay = Patchbay.start(host.config(plugins).withWatch(!host.noWatch).withControl(true));
        if (swapTo != null && patchbay.modules().resolve(swapTo.contains(":")
                ? swapTo.substring(0, swapTo.indexOf(':')) : swapTo).isEmpty()) {
            patchbay.close();
            throw new ParameterException(spec.commandLine(), "--swap-to " + swapTo + ": no backend serves it in "
                    + plugins);
        }
        PoolRun run = new PoolRun(patchbay, spec.commandLine().getOut(), options,
                new PoolPlan(killOne, patch, swapTo, runTimeout), host.openTimeout());
        Optional<Dashboard> dashboard;
        try {
            dashboard = http.start(patchbay, "pool", spec.commandLine().getOut());
        } catch (RuntimeException e) {
            patchbay.close();
            throw e;
        }
        dashboard.ifPresent(d -> {
            d.with("pool", run::state);
            run.noteTo(d::note);
        });
        OnCtrlC stop = OnCtrlC.run(() -> {
            run.printPartial();
            patchbay.close();
        });
        try {
            return run.run();
        } finally {
            stop.close();
            dashboard.ifPresent(Dashboard::close);
            patchbay.close();
        }
    }
}
