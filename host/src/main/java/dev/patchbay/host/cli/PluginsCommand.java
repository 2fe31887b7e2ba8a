package dev.patchbay.host.cli;

import dev.patchbay.host.ModuleKinds;
import dev.patchbay.host.module.ModuleInfo;
import dev.patchbay.host.module.ModuleRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code patchbay plugins}: what the plugins folder holds and whether each module can be used. */
@Command(name = "plugins", aliases = "plugin", description = "List the modules in the plugins folder, jar plugins and native libraries:"
        + " id, version, kind, schemes, API version (\"abi N\" for native ones), SHA-256, state and why a module"
        + " failed.",
        footerHeading = "%nExamples:%n", footer = {"  patchbay plugins", "  patchbay plugins -l",
                "  patchbay plugins --plugins-dir ./plugins -o json", "  patchbay plugins trust ./uds-1.0.0.jar",
                "  patchbay plugins release fifo-1.0.2.jar", "  patchbay plugin verify ./uds-1.0.0.jar",
                "  patchbay plugins new uds"},
        subcommands = {PluginsNewCommand.class, PluginsTrustCommand.class, PluginsUntrustCommand.class,
                PluginsReleaseCommand.class, PluginsVerifyCommand.class})
final class PluginsCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Option(names = {"-l", "--long"}, description = "Show the whole SHA-256 and the file of each module.")
    boolean longFormat;

    @Mixin
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ModuleRegistry modules = ModuleKinds.open(host.plugins(), host.config(host.plugins()).trust())) {
            modules.scan();
            List<ModuleInfo> list = modules.list();
            if (output.json()) {
                OutputFormat.printJson(out, list.stream().map(PluginsCommand::json).toList());
                return list.stream().anyMatch(m -> !m.cause().isEmpty()) ? ExitStatus.PROBLEMS_FOUND : ExitStatus.OK;
            }
            out.println("plugins folder " + modules.pluginsDir() + ": " + list.size() + " module"
                    + (list.size() == 1 ? "" : "s"));
            Table table = longFormat
                    ? new Table("ID", "VERSION", "KIND", "SCHEMES", "API", "STATE", "SHA-256", "FILE", "CAUSE")
                    : new Table("ID", "VERSION", "KIND", "SCHEMES", "API", "STATE", "SHA-256", "CAUSE");
            for (ModuleInfo m : list) {
                String schemes = m.schemes().isEmpty() ? "-" : String.join(",", m.schemes());
                String sha = m.sha256().isEmpty() ? "-" : longFormat ? m.sha256() : m.sha256().substring(0, 16);
                String cause = m.cause().isEmpty() ? "" : m.cause();
                if (longFormat) {
                    table.row(m.id(), m.version(), m.kind(), schemes, m.apiVersion(), m.state(), sha,
                            m.file().getFileName(), cause);
                } else {
                    table.row(m.id(), m.version(), m.kind(), schemes, m.apiVersion(), m.state(), sha, cause);
                }
            }
            table.print(out);
            return list.stream().anyMatch(m -> !m.cause().isEmpty()) ? ExitStatus.PROBLEMS_FOUND : ExitStatus.OK;
        }
    }

    private static Map<String, Object> json(ModuleInfo m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", m.id());
        row.put("version", m.version());
        row.put("kind", m.kind());
        row.put("schemes", m.schemes());
        row.put("apiVersion", m.apiVersion());
        row.put("state", m.state().toString());
        row.put("sha256", m.sha256());
        row.put("file", m.file().toString());
        row.put("cause", m.cause());
        return row;
    }
}
