package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.examples.CounterChild;
import dev.patchbay.host.examples.LogWriterChild;
import dev.patchbay.host.faults.MmapWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code patchbay example-worker <lesson> ...}: a child process of {@code patchbay example} (counter, log-writer)
 * or {@code patchbay faults} (mmap-writer, mmap-reader). Hidden from help.
 */
@Command(name = "example-worker", hidden = true, description = "One process of an example lesson or of the fault"
        + " suite.")
final class ExampleWorkerCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LESSON")
    String lesson;

    @Parameters(index = "1..*", paramLabel = "ARG")
    List<String> args = List.of();

    @Mixin
    HostOptions host;

    @Override
    public Integer call() {
        // The parent tells the story; a recovered mutex is the lesson here, not a warning.
        host.quietUnlessVerbose();
        switch (lesson) {
            case "counter" -> CounterChild.parse(args).run(System.out);
            case "log-writer" -> {
                try (Patchbay patchbay = Patchbay.start(host.config(host.plugins()))) {
                    LogWriterChild.parse(args).run(patchbay, System.out);
                }
            }
            case "mmap-writer", "mmap-reader" -> {
                // A process of the fault suite's mmap group, killed on purpose.
                MmapWorker worker = MmapWorker.parse(lesson, args);
                try (Patchbay patchbay = Patchbay.start(host.config(host.plugins()).withWatch(false))) {
                    return worker.run(patchbay, System.out);
                }
            }
            default -> throw new IllegalArgumentException("no example lesson '" + lesson + "'");
        }
        return 0;
    }
}
