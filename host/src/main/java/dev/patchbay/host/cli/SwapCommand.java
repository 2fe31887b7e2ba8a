package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code patchbay swap <channel> <target>}: moves a live channel to another backend. */
@Command(name = "swap", description = {"Move a live channel of a running host to another backend, without losing,"
        + " repeating or reordering a message. A failed swap leaves the channel where it was and says why.",
        "Examples: swap c1 fifo   swap c1 shm:orders2?size=8m   swap c1 pipe"})
final class SwapCommand implements Callable<Integer> {
    @Mixin
    HostChoice host;

    @Parameters(index = "0", paramLabel = "CHANNEL", description = "The channel, as 'patchbay channels' names it.")
    String channel;

    @Parameters(index = "1", paramLabel = "TARGET", description = "A backend (fifo, shm, ...) or a whole address.")
    String target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : ControlClient.call(host.socket(), "swap " + channel + " " + target)) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
