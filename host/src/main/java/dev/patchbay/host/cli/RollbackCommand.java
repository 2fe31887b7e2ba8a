package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code patchbay rollback <channel>}: moves a channel back to the module generation it used before. */
@Command(name = "rollback", description = "Move a live channel back to the module generation it used before its"
        + " current one (loading that generation again from its kept copy if it was retired).",
        footerHeading = "%nExamples:%n",
        footer = {"  patchbay rollback c1", "  patchbay rollback c1 --host 4242 --json"})
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    HostChoice host;

    @Mixin
    OutputFormat output;

    @Parameters(paramLabel = "CHANNEL", description = "The channel: its name or its address.")
    String channel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HostChoice.Target t = host.target(channel);
        MigrationPrinter.print(spec.commandLine().getOut(), output,
                ControlClient.call(t.socket(), "rollback " + t.channel()));
        return ExitStatus.OK;
    }
}
