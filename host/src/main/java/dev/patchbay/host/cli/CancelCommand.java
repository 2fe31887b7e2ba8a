package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code patchbay cancel <channel>}: stops a migration that is under way. */
@Command(name = "cancel", description = "Cancel the migration a channel of a running host is in: before the switch it"
        + " is aborted, after it the channel falls back to its old link (resending what the new one may have lost).",
        footerHeading = "%nExamples:%n", footer = {"  patchbay cancel c1", "  patchbay cancel fifo:chat --host 4242"})
final class CancelCommand implements Callable<Integer> {
    @Mixin
    HostChoice host;

    @Parameters(paramLabel = "CHANNEL", description = "The channel: its name or its address.")
    String channel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HostChoice.Target t = host.target(channel);
        ControlClient.call(t.socket(), "cancel " + t.channel());
        spec.commandLine().getOut().println("cancelling the migration of " + t.channel());
        return ExitStatus.OK;
    }
}
