package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code patchbay modules}: the module generations of a running host and which channels use each. */
@Command(name = "modules", description = "List the module generations loaded in a running host (two versions of one"
        + " plugin side by side during a patch) and which channels use each.")
final class ModulesCommand implements Callable<Integer> {
    @Mixin
    HostChoice host;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Table table = new Table("GEN", "ID", "VERSION", "STATE", "SCHEMES", "SHA-256", "CHANNELS", "CAUSE");
        for (String line : ControlClient.call(host.socket(), "modules")) {
            String[] cells = line.split("\t", -1);
            if (cells.length > 5 && cells[5].length() > 16) {
                cells[5] = cells[5].substring(0, 16);
            }
            table.row((Object[]) cells);
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }
}
