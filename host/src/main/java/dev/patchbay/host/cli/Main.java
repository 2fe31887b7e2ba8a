package dev.patchbay.host.cli;

import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.control.ControlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code patchbay}: the command line of the Patchbay host. */
@Command(name = "patchbay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Moves messages between processes over hot-swappable IPC backends (Linux).",
        footerHeading = "%nExamples:%n",
        footer = {"  patchbay demo                 the live demo", "  patchbay listen fifo:chat     terminal 1",
                "  patchbay send fifo:chat       terminal 2", "  patchbay channels --watch     live rates",
                "  patchbay help swap            a command's options and examples"},
        exitCodeListHeading = "%nExit status:%n",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, PluginsCommand.class, ListenCommand.class,
                SendCommand.class, ChannelsCommand.class, ModulesCommand.class, SwapCommand.class,
                RollbackCommand.class, CancelCommand.class, SegmentsCommand.class, SoakCommand.class,
                PeerCommand.class, ScaleCommand.class, PoolCommand.class, PoolWorkerCommand.class,
                ExampleCommand.class, ExampleWorkerCommand.class, FaultsCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The CLI's Logback configuration, a class-path resource: the library itself ships none. */
    static final String LOGGING_CONFIG = "dev/patchbay/host/cli/logback-cli.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            // Before anything logs: Logback reads this once, when the first logger is made.
            System.setProperty("logback.configurationFile", LOGGING_CONFIG);
        }
        if (java.util.Arrays.asList(args).contains("pipe:stdio")) {
            // stdout will carry frames: nothing else may print there, not even the logging library's own status.
            System.setOut(System.err);
        }
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI with the given streams; returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.getCommandSpec().usageMessage().exitCodeList(ExitStatus.table());
        addHelpOptions(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println("patchbay: " + e.getMessage());
            // The whole path of a nested command ("patchbay plugins verify"), which alone answers --help for it.
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitStatus.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof PatchbayException || e instanceof ControlException) {
                err.println("patchbay: " + e.getMessage());
                return ExitStatus.of(e);
            }
            err.println("patchbay: internal error: " + e);
            if (parseResult.expandedArgs().contains("-v") || parseResult.expandedArgs().contains("--verbose")) {
                e.printStackTrace(err);
            } else {
                err.println("(run again with -v for details)");
            }
            return ExitStatus.INTERNAL_ERROR;
        });
        return cli.execute(args);
    }

    /** Every command answers -h/--help, however it was declared (commands added later, and nested ones, included). */
    private static void addHelpOptions(CommandLine parent) {
        for (CommandLine sub : parent.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
                addHelpOptions(sub);
            }
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
