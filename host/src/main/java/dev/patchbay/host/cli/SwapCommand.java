package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code patchbay swap <channel> <target>}: moves a live channel to another backend. */
@Command(name = "swap", description = {"Move a live channel of a running host to another backend, without losing,"
        + " repeating or reordering a message. A failed swap leaves the channel where it was and says why.",
        "The host is found by the channel (name or address) unless --host is given."},
        footerHeading = "%nExamples:%n",
        footer = {"  patchbay swap c1 fifo                  to a fresh fifo", "  patchbay swap c1 'shm:orders2?size=8m'"
                + "  to a whole address", "  patchbay swap fifo:chat shm            the channel on fifo:chat",
                "  patchbay swap c1 mmap --host 4242 -o json"})
final class SwapCommand implements Callable<Integer> {
    @Mixin
    HostChoice host;

    @Mixin
    OutputFormat output;

    @Parameters(index = "0", paramLabel = "CHANNEL",
            description = "The channel: its name (as 'patchbay channels' shows it) or its address.")
    String channel;

    @Parameters(index = "1", paramLabel = "TARGET", description = "A backend (fifo, shm, ...) or a whole address.")
    String target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HostChoice.Target t = host.target(channel);
        MigrationPrinter.print(spec.commandLine().getOut(), output,
                ControlClient.call(t.socket(), "swap " + t.channel() + " " + target));
        return ExitStatus.OK;
    }
}
