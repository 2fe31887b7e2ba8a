package dev.patchbay.host.cli;

import dev.patchbay.host.PluginsFolder;
import dev.patchbay.host.verify.CheckResult;
import dev.patchbay.host.verify.ModuleVerifier;
import dev.patchbay.host.verify.VerifySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code patchbay plugins verify FILE}: checks a module file in a scratch host before it is deployed. */
@Command(name = "verify", description = {"Check a plugin jar or native library before deploying it: its descriptor,"
        + " that it loads and starts beside the built-in modules, numbered traffic (0, 1, 4096 bytes and near the"
        + " largest message) through a spawned echo peer, a migration back to pipe with messages in flight, a peer"
        + " killed with SIGKILL on its link, and that it unloads completely.",
        "Runs in a scratch plugins folder of its own; FILE is trusted for this run only. Prints one PASS or FAIL"
                + " line per check and exits 0 if all passed, 1 otherwise."},
        footerHeading = "%nExamples:%n", footer = {"  patchbay plugin verify ./uds-1.0.0.jar",
                "  patchbay plugins verify target/nshm-1.0.1.so --check-timeout 2m",
                "  patchbay plugin verify my-1.0.0.jar --plugins-dir ./plugins"})
final class PluginsVerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The plugin jar or native library (.so) to check.")
    Path file;

    @Mixin
    HostOptions host;

    @Option(names = "--check-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long any one check may take before it fails (default ${DEFAULT-VALUE}).")
    Duration checkTimeout;

    @Option(names = "--kill-notice", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How soon a channel must notice a peer killed with SIGKILL (default ${DEFAULT-VALUE}).")
    Duration killNotice;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), file + ": no such readable file; give the path of a"
                    + " plugin jar or native library");
        }
        for (Duration d : List.of(checkTimeout, killNotice)) {
            if (d.isZero() || d.isNegative()) {
                throw new ParameterException(spec.commandLine(), DurationConverter.format(d) + ": give a positive"
                        + " duration such as 10s");
            }
        }
        // The built-in modules come from the plugins folder; verify needs none besides pipe, so a missing folder is
        // no error here (the load check then shows that pipe is missing).
        Path builtIns = PluginsFolder.resolve(host.pluginsDir);
        VerifySettings settings = new VerifySettings(builtIns, host.config(builtIns), checkTimeout, killNotice);
        PrintWriter out = spec.commandLine().getOut();
        out.println("verifying " + file + " (built-in modules from " + builtIns + ")");
        out.flush();
        List<CheckResult> results = ModuleVerifier.verify(file, settings, r -> {
            out.println(r.line());
            out.flush();
        });
        long failed = results.stream().filter(r -> !r.passed()).count();
        int notRun = ModuleVerifier.CHECKS.size() - results.size();
        if (failed == 0 && notRun == 0) {
            out.println("verified: all " + results.size() + " checks passed; " + file.getFileName()
                    + " can be deployed");
            return ExitStatus.OK;
        }
        out.println("NOT verified: " + failed + " of " + ModuleVerifier.CHECKS.size() + " checks failed"
                + (notRun > 0 ? ", " + notRun + " not run (they need the failed one)" : ""));
        return ExitStatus.PROBLEMS_FOUND;
    }
}
