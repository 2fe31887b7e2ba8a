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

/** {@code patchbay plugins trust FILE...}: adds module files to the user's trust list. */
@Command(name = "trust", description = {"Trust module files: add their SHA-256 to your trust list, so that hosts load"
        + " them. Hosts load only modules named by the distribution's built-in list or by yours; a running host"
        + " deploys a file it refused within a second of your trusting it.",
        "Your list: $PATCHBAY_TRUST_LIST, else $XDG_CONFIG_HOME/patchbay/trusted-modules.sha256 (~/.config)."},
        footerHeading = "%nExamples:%n", footer = {"  patchbay plugins trust ./uds-1.0.0.jar",
                "  patchbay plugins trust patches/fifo-1.0.1.jar --list /etc/patchbay/trusted.sha256"})
final class PluginsTrustCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Plugin jars or native libraries to trust.")
    List<Path> files;

    @Option(names = "--list", paramLabel = "FILE", description = "The trust list to write (default: yours).")
    Path list;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TrustListFile trust = new TrustListFile(list != null ? list : TrustFiles.user());
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), file + ": no such file; give the path of a plugin"
                        + " jar or native library");
            }
        }
        for (Path file : files) {
            String sha256 = trust.add(file);
            out.println("trusted " + file.getFileName() + " (SHA-256 " + sha256.substring(0, 16) + "…) in "
                    + trust.path());
        }
        return ExitStatus.OK;
    }
}
