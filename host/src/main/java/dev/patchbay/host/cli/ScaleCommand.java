package dev.patchbay.host.cli;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.demo.DemoRunner;
import dev.patchbay.host.demo.ScaleReport;
import dev.patchbay.host.demo.ScaleRunner;
import dev.patchbay.host.module.ModuleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code patchbay scale}: many idle channels, what they cost, and how fast a patch moves them all. */
@Command(name = "scale", description = "Open many idle channels between two hosts in this process and measure what"
        + " they cost (CPU against a window without them, heap plus direct memory per channel end) and how long a"
        + " patch takes to move them all to a new generation, with every message checked.",
        footerHeading = "%nExamples:%n", footer = {"  patchbay scale --channels 1000 --backend fifo",
                "  patchbay scale --channels 1000 --backend 'shm?wait=futex' --patches 100 --idle 60s",
                "  patchbay scale --backend fifo,'shm?wait=futex' --report docs/SCALE.md"})
final class ScaleCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Option(names = "--channels", defaultValue = "1000", description = "How many channels (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--backend", defaultValue = "fifo", paramLabel = "SCHEME[?PARAMS]", split = ",",
            description = "The backend of the channels, with address parameters if any; several, comma-separated,"
                    + " are measured one after the other (default ${DEFAULT-VALUE}).")
    List<String> backends;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write the figures as a Markdown page, e.g. docs/SCALE.md.")
    Path report;

    @Option(names = "--idle", defaultValue = "60s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to measure idle CPU, once without and once with the channels (default"
                    + " ${DEFAULT-VALUE}).")
    Duration idle;

    @Option(names = "--patches", defaultValue = "1",
            description = "How many patches to deploy one after the other (default ${DEFAULT-VALUE}).")
    int patches;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (channels < 1 || patches < 1) {
            throw new ParameterException(spec.commandLine(), "--channels and --patches must be at least 1");
        }
        String loadBefore = loadAverage();
        List<ScaleRunner.Result> results = new ArrayList<>();
        boolean clean = true;
        for (String backend : backends) {
            ScaleRunner.Result r = measure(backend);
            results.add(r);
            clean &= r.clean();
        }
        if (report != null) {
            ScaleReport.write(report, "patchbay " + String.join(" ", spec.commandLine().getParseResult()
                    .originalArgs()), results, backends, loadBefore, loadAverage(), host.healthWindow);
        }
        return clean ? ExitStatus.OK : ExitStatus.PROBLEMS_FOUND;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private ScaleRunner.Result measure(String backend) throws Exception {
        String scheme = backend.contains("?") ? backend.substring(0, backend.indexOf('?')) : backend;
        Path plugins = host.plugins();
        Path jar;
        try (var files = Files.list(plugins)) {
            jar = files.filter(p -> p.getFileName().toString().startsWith(scheme + "-")
                    && p.getFileName().toString().endsWith(".jar")).sorted().findFirst().orElseThrow(() ->
                    new ModuleException("no " + scheme + " plugin jar in " + plugins + " to patch; --backend names"
                            + " a scheme served by a jar there (fifo, shm, pipe, mmap)"));
        }
        Path copy = DemoRunner.copyPlugins(plugins);
        try {
            HostConfig config = host.config(copy).withWatch(false);
            PrintWriter out = spec.commandLine().getOut();
            return new ScaleRunner(config, out, channels, backend, idle, patches, jar).run();
        } finally {
            DemoRunner.deleteTree(copy);
        }
    }
}
