package dev.patchbay.host.cli;

import dev.patchbay.host.module.TrustFiles;
import dev.patchbay.host.module.TrustListFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code patchbay plugins untrust FILE|SHA256...}: takes module files out of the user's trust list. */
@Command(name = "untrust", description = "Stop trusting module files: take them out of your trust list. Generations"
        + " already loaded keep running; new loads of that content are refused.",
        footerHeading = "%nExamples:%n", footer = {"  patchbay plugins untrust ./uds-1.0.0.jar",
                "  patchbay plugins untrust 3f9a…(64 hex digits)"})
final class PluginsUntrustCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|SHA256", description = "Module files, or their SHA-256 in hex.")
    List<String> modules;

    @Option(names = "--list", paramLabel = "FILE", description = "The trust list to write (default: yours).")
    Path list;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TrustListFile trust = new TrustListFile(list != null ? list : TrustFiles.user());
        for (String module : modules) {
            if (!module.matches("[0-9a-fA-F]{64}") && !Files.isRegularFile(Path.of(module))) {
                throw new ParameterException(spec.commandLine(), module + " is neither a file nor a SHA-256 (64 hex"
                        + " digits)");
            }
        }
        int missing = 0;
        for (String module : modules) {
            if (trust.remove(module) > 0) {
                out.println("no longer trusted: " + module + " (" + trust.path() + ")");
            } else {
                out.println("not in " + trust.path() + ": " + module);
                missing++;
            }
        }
        return missing == 0 ? ExitStatus.OK : ExitStatus.NOTHING_TO_DO;
    }
}
