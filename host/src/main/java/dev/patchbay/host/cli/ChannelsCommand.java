package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code patchbay channels}: the channels of a running host. */
@Command(name = "channels", description = "List the channels of a running host: backend, module version, messages,"
        + " state (anything but OPEN is a migration in transition).")
final class ChannelsCommand implements Callable<Integer> {
    @Mixin
    HostChoice host;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Table table = new Table("CHANNEL", "STATE", "BACKEND", "MODULE", "ADDRESS", "SENT", "RECEIVED", "MIGRATIONS");
        for (String line : ControlClient.call(host.socket(), "channels")) {
            table.row((Object[]) line.split("\t", -1));
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }
}
