package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.examples.DurabilityExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code patchbay example durability}: a shm segment vanishes, a mapped log survives its writer's crash. */
@Command(name = "durability", description = {"A shm segment against a mapped log: the segment lives in memory (tmpfs)"
        + " and vanishes when its owner closes it, and at the latest at reboot; the log is a file: its writer is"
        + " killed with SIGKILL, the reader still gets every committed record, then listens again with from=<seq>"
        + " and replays from there while the restarted writer carries on.",
        "Prints commands to see the same by hand."},
        footerHeading = "%nExamples:%n", footer = {"  patchbay example durability",
                "  patchbay example durability --records 20"})
final class ExampleDurabilityCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Option(names = "--records", paramLabel = "N", defaultValue = "6",
            description = "Records the writer appends before it is killed, 2 to 100000 (default ${DEFAULT-VALUE}).")
    int records;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        host.quietUnlessVerbose();
        try (Patchbay patchbay = Patchbay.start(host.config(host.plugins()))) {
            DurabilityExample example;
            try {
                example = new DurabilityExample(patchbay, spec.commandLine().getOut(), records, host.openTimeout());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--" + e.getMessage().replaceFirst("=", " "));
            }
            return example.run() ? ExitStatus.OK : ExitStatus.PROBLEMS_FOUND;
        }
    }
}
