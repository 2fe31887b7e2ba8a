package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.examples.CounterChild;
import dev.patchbay.host.examples.LogWriterChild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code patchbay example-worker <lesson> ...}: a child process of {@code patchbay example}. Hidden from help. */
@Command(name = "example-worker", hidden = true, description = "One process of an example lesson.")
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
            default -> throw new IllegalArgumentException("no example lesson '" + lesson + "'");
        }
        return 0;
    }
}
