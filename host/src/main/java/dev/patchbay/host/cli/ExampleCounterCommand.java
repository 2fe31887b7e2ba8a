package dev.patchbay.host.cli;

import dev.patchbay.host.PluginsFolder;
import dev.patchbay.host.examples.CounterExample;
import dev.patchbay.host.examples.CounterResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code patchbay example counter}: shared counter and struct across processes, without and with the lock. */
@Command(name = "counter", description = {"K processes increment one shared counter and update one shared struct in"
        + " a POSIX segment: without a lock (lost updates are counted), under the struct's robust mutex (exact), and"
        + " with one process killed with SIGKILL while it holds the mutex (the others recover; still exact). Then the"
        + " same in a managed segment, where the processes meet at named objects (findOrConstruct).",
        "Both segments are removed at the end."},
        footerHeading = "%nExamples:%n", footer = {"  patchbay example counter",
                "  patchbay example counter --processes 4 --increments 1000000"})
final class ExampleCounterCommand implements Callable<Integer> {
    @Option(names = "--processes", paramLabel = "K", defaultValue = "3",
            description = "Processes, 2 to 16 (default ${DEFAULT-VALUE}).")
    int processes;

    @Option(names = "--increments", paramLabel = "N", defaultValue = "50000",
            description = "Increments per process (default ${DEFAULT-VALUE}).")
    long increments;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long a process may take to start, and a round to finish (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--plugins-dir", paramLabel = "DIR", hidden = true,
            description = "Passed on to the processes (the lesson loads no plugin).")
    Path pluginsDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CounterExample example;
        try {
            example = new CounterExample(spec.commandLine().getOut(), PluginsFolder.resolve(pluginsDir), processes,
                    increments, timeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage().replaceFirst("=", " "));
        }
        List<CounterResult> results = example.run();
        boolean exact = results.stream().filter(r -> r.phase() != dev.patchbay.host.examples.CounterPhase.UNLOCKED)
                .allMatch(CounterResult::exact);
        return exact ? ExitStatus.OK : ExitStatus.PROBLEMS_FOUND;
    }
}
