package dev.patchbay.host.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code patchbay example <lesson>}: short lessons that run real processes. */
@Command(name = "example", description = "Short lessons that run real processes: counter (typed shared data and the"
        + " robust mutex), durability (a shm segment against a mapped log).",
        subcommands = {ExampleCounterCommand.class, ExampleDurabilityCommand.class},
        footerHeading = "%nExamples:%n", footer = {"  patchbay example counter", "  patchbay example durability"})
final class ExampleCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
