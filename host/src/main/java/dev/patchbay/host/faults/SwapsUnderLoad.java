package dev.patchbay.host.faults;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.demo.PauseStats;
import dev.patchbay.host.demo.SoakRunner;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The swaps group: {@code patchbay soak} in this process — numbered traffic each way through an echo peer in its
 * own JVM while the channel migrates {@code swaps} times between every pair of backends and module versions, with
 * a broken patch (rolled back) every 25th time. Nothing may be lost, repeated or reordered, and every migration
 * must end as it should.
 */
final class SwapsUnderLoad {
    private static final int BROKEN_EVERY = 25;

    private final FaultSettings settings;
    private final Path patches;
    private final PrintWriter progress;

    /** @param patches the folder with the fifo patch jars the soak deploys (the distribution's {@code patches/}) */
    SwapsUnderLoad(FaultSettings settings, Path patches, PrintWriter progress) {
        this.settings = settings;
        this.patches = patches;
        this.progress = progress;
    }

    GroupResult run(Leftovers leftovers) throws Exception {
        long start = System.nanoTime();
        SoakRunner.Result r;
        try (Patchbay host = Patchbay.start(HostConfig.of(settings.plugins()).withWatch(false)
                .withLinkOptions(settings.linkOptions())
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(settings.healthWindow())
                        // Swaps here test that nothing is lost, not how fast a step is: on a loaded machine the echo
                        // peer's fifo open took over the default 5 s and aborted a swap. Its peer gets the same.
                        .withStepTimeout(settings.timeout())))) {
            r = new SoakRunner(host, progress, settings.swaps(), BROKEN_EVERY, settings.rate(), patches).run();
        }
        List<String> failures = new ArrayList<>();
        if (r.lost() != 0 || r.duplicated() != 0 || r.reordered() != 0) {
            failures.add(String.format("lost %d, duplicated %d, reordered %d", r.lost(), r.duplicated(),
                    r.reordered()));
        }
        r.unexpected().forEach(u -> failures.add("unexpected: " + u));
        int swaps = r.committed() + r.rolledBack() + r.aborted();
        if (swaps < settings.swaps()) {
            failures.add("only " + swaps + " of " + settings.swaps() + " swaps ran");
        }
        List<String> notes = List.of(
                String.format("%d committed, %d rolled back (%d broken patches tried), %d aborted; %d backend pairs",
                        r.committed(), r.rolledBack(), r.brokenPatches(), r.aborted(), r.pairs().size()),
                String.format("traffic: sent %,d at %,d msg/s each way; lost = %d, duplicated = %d, reordered = %d",
                        r.sent(), settings.rate(), r.lost(), r.duplicated(), r.reordered()),
                "pause (longest gap between arrivals during each migration): " + r.arrivalGaps());
        return new GroupResult(FaultGroup.SWAPS, swaps, new PauseStats(), failures, leftovers.afterGc(), notes,
                Duration.ofNanos(System.nanoTime() - start));
    }
}
