package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code patchbay modules}: the module generations of a running host and which channels use each. */
@Command(name = "modules", description = "List the module generations loaded in a running host (two versions of one"
        + " plugin side by side during a patch) and which channels use each.",
        footerHeading = "%nExamples:%n", footer = {"  patchbay modules", "  patchbay modules --host 4242 -o json"})
final class ModulesCommand implements Callable<Integer> {
    @Mixin
    HostChoice host;

    @Mixin
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = ControlClient.call(host.socket(), "modules");
        if (output.json()) {
            OutputFormat.printJson(spec.commandLine().getOut(), rows);
            return ExitStatus.OK;
        }
        Table table = new Table("GEN", "ID", "VERSION", "STATE", "SCHEMES", "SHA-256", "CHANNELS", "CAUSE");
        for (Map<String, Object> r : rows) {
            String sha = String.valueOf(r.get("sha256"));
            List<?> users = (List<?>) r.get("channels");
            String schemes = String.join(",", strings((List<?>) r.get("schemes")));
            table.row(r.get("generation"), r.get("id"), r.get("version"), r.get("state"), schemes,
                    sha.length() > 16 ? sha.substring(0, 16) : sha,
                    users.isEmpty() ? "-" : String.join(",", strings(users)), r.get("cause"));
        }
        table.print(spec.commandLine().getOut());
        return ExitStatus.OK;
    }

    private static List<String> strings(List<?> values) {
        return values.stream().map(String::valueOf).toList();
    }
}
