package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.demo.DemoRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code patchbay demo}: the live demo. */
@Command(name = "demo", description = "Spawn a peer process and stream sequence-numbered messages through it, checking"
        + " every one; prints messages/s, MB/s and the lost/duplicated/reordered account.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long to stream (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "256",
            description = "Message size in bytes, at least 8 (default ${DEFAULT-VALUE}).")
    int size;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Patchbay patchbay = host.startHost()) {
            return new DemoRunner(patchbay, spec.commandLine().getOut(), duration, size).run();
        }
    }
}
