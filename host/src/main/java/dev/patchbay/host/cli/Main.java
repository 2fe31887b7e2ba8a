package dev.patchbay.host.cli;

import dev.patchbay.api.PatchbayException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code patchbay}: the command line of the Patchbay host. */
@Command(name = "patchbay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Moves messages between processes over hot-swappable IPC backends.",
        subcommands = {DemoCommand.class, PluginsCommand.class, ListenCommand.class, SendCommand.class,
                ChannelsCommand.class, ModulesCommand.class, SwapCommand.class, RollbackCommand.class,
                CancelCommand.class, SegmentsCommand.class, SoakCommand.class, PeerCommand.class})
public final class Main implements Runnable {
    /** Exit status for failures that are not user errors (a bug, or the machine). */
    static final int INTERNAL_ERROR = 70;

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("pipe:stdio")) {
            // stdout will carry frames: nothing else may print there, not even the logging library's own status.
            System.setOut(System.err);
        }
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI with the given streams; returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println("patchbay: " + e.getMessage());
            err.println("Try 'patchbay " + (e.getCommandLine().getParent() == null ? ""
                    : e.getCommandLine().getCommandName() + " ") + "--help'.");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof PatchbayException p) {
                err.println("patchbay: " + p.getMessage());
                return p.code().exitStatus();
            }
            err.println("patchbay: internal error: " + e);
            if (parseResult.expandedArgs().contains("-v") || parseResult.expandedArgs().contains("--verbose")) {
                e.printStackTrace(err);
            } else {
                err.println("(run again with -v for details)");
            }
            return INTERNAL_ERROR;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
