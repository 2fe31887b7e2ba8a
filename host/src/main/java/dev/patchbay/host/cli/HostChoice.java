package dev.patchbay.host.cli;

import dev.patchbay.host.control.HostDirectory;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --host PID}: which running host a control command talks to (default: the only one running). */
final class HostChoice {
    @Option(names = "--host", paramLabel = "PID",
            description = "The running host to talk to (default: the only one running for this user).")
    Long pid;

    Path socket() {
        return HostDirectory.choose(pid);
    }
}
