package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code patchbay rollback <channel>}: moves a channel back to the module generation it used before. */
@Command(name = "rollback", description = "Move a live channel back to the module generation it used before its"
        + " current one (loading that generation again from its kept copy if it was retired).")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    HostChoice host;

    @Parameters(paramLabel = "CHANNEL")
    String channel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : ControlClient.call(host.socket(), "rollback " + channel)) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
