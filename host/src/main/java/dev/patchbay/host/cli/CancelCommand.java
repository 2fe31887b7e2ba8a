package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code patchbay cancel <channel>}: stops a migration that is under way. */
@Command(name = "cancel", description = "Cancel the migration a channel of a running host is in: before the switch it"
        + " is aborted, after it the channel falls back to its old link (resending what the new one may have lost).")
final class CancelCommand implements Callable<Integer> {
    @Mixin
    HostChoice host;

    @Parameters(paramLabel = "CHANNEL")
    String channel;

    @Override
    public Integer call() {
        ControlClient.call(host.socket(), "cancel " + channel);
        return 0;
    }
}
