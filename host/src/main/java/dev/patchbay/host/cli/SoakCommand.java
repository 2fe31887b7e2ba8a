package dev.patchbay.host.cli;

import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.demo.DemoRunner;
import dev.patchbay.host.demo.SoakRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code patchbay soak}: many migrations under continuous traffic, with the pause distribution. */
@Command(name = "soak", description = "Migrate a channel to a spawned echo peer again and again under continuous"
        + " traffic, across every pair of backends and module versions, with a broken patch now and then; report"
        + " lost/duplicated/reordered and the swap pause distribution.")
final class SoakCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Option(names = "--migrations", defaultValue = "1000", description = "How many (default ${DEFAULT-VALUE}).")
    int migrations;

    @Option(names = "--broken-every", defaultValue = "25",
            description = "Try the broken patch every N migrations; 0 never (default ${DEFAULT-VALUE}).")
    int brokenEvery;

    @Option(names = "--rate", defaultValue = "20000",
            description = "Messages per second each way (default ${DEFAULT-VALUE}).")
    long rate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path plugins = host.plugins();
        Path copy = DemoRunner.copyPlugins(plugins);
        HostConfig config = HostConfig.of(copy)
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(host.timeout))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(host.healthWindow));
        PrintWriter out = spec.commandLine().getOut();
        try (Patchbay patchbay = Patchbay.start(config)) {
            SoakRunner.Result r = new SoakRunner(patchbay, out, migrations, brokenEvery, rate,
                    plugins.resolveSibling("patches")).run();
            out.printf("migrations  %d committed, %d rolled back (%d broken patches tried), %d aborted%n",
                    r.committed(), r.rolledBack(), r.brokenPatches(), r.aborted());
            out.printf("pairs       %d: %s%n", r.pairs().size(), String.join(", ", r.pairs()));
            out.printf("traffic     sent %,d  lost = %d  duplicated = %d  reordered = %d (%,d msg/s each way)%n",
                    r.sent(), r.lost(), r.duplicated(), r.reordered(), rate);
            out.printf("switch      %s (SWITCH sent to the peer's SWITCH read)%n", r.switchPauses());
            out.printf("pause       %s (longest gap between arrivals during each migration)%n", r.arrivalGaps());
            r.unexpected().forEach(u -> out.println("unexpected  " + u));
            return r.clean() ? 0 : 1;
        } finally {
            DemoRunner.deleteTree(copy);
        }
    }
}
