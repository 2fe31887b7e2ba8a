package dev.patchbay.host.cli;

import dev.patchbay.host.template.PluginProjectRequest;
import dev.patchbay.host.template.PluginProjectWriter;
import dev.patchbay.host.template.TemplateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code patchbay plugins new SCHEME}: a plugin project to start from. */
@Command(name = "new", description = {"Write a Maven project for a backend plugin of your own: a working Unix-domain"
        + " socket transport for SCHEME, its contract-suite test and a README, built against this release. It"
        + " builds and passes the suite as generated; change it from there."},
        footerHeading = "%nExamples:%n", footer = {"  patchbay plugins new uds",
                "  patchbay plugins new uds --dir ~/src/uds --group-id org.acme"})
final class PluginsNewCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCHEME", description = "The URI scheme and plugin id: lower-case letters"
            + " and digits, starting with a letter (uds).")
    String scheme;

    @Option(names = "--dir", paramLabel = "DIR", description = "The project folder, new or empty (default:"
            + " ./patchbay-SCHEME-plugin).")
    Path dir;

    @Option(names = "--package", paramLabel = "PKG", description = "The Java package (default: GROUP.SCHEME).")
    String javaPackage;

    @Option(names = "--group-id", paramLabel = "G", description = "The Maven groupId (default: com.example).")
    String groupId;

    @Spec
    CommandSpec spec;

    /**
     * The wrapper of the Patchbay clone this distribution was built in, if there is one (it fetches a Maven recent
     * enough; Debian's packaged 3.8 is not), else plain {@code mvn}.
     */
    private static String mavenCommand() {
        CodeSource source = PluginsNewCommand.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return "mvn";
        }
        try {
            Path at = Path.of(source.getLocation().toURI());
            for (int up = 0; up < 5 && at != null; up++, at = at.getParent()) {
                Path wrapper = at.resolve("mvnw");
                if (Files.isExecutable(wrapper)) {
                    return wrapper.toString();
                }
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // No code source to go by: plain mvn.
        }
        return "mvn";
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            PluginProjectRequest request = PluginProjectRequest.of(scheme, dir, javaPackage, groupId,
                    VersionProvider.version());
            List<Path> files = PluginProjectWriter.write(request);
            out.println("wrote " + files.size() + " files into " + request.dir() + " (" + request.javaPackage()
                    + ", Patchbay " + request.patchbayVersion() + "); next, with Maven 3.9 or newer: "
                    + mavenCommand() + " -f " + request.dir().resolve("pom.xml") + " verify");
            return ExitStatus.OK;
        } catch (TemplateException e) {
            spec.commandLine().getErr().println("patchbay: " + e.getMessage());
            return ExitStatus.USAGE;
        }
    }
}
