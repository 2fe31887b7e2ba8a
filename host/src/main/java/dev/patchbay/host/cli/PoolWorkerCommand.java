package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.pool.PoolWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code patchbay pool-worker pipe:stdio}: one worker of {@code patchbay pool}. Hidden from help. */
@Command(name = "pool-worker", hidden = true, description = "Answer the pool's tasks on ADDRESS until it closes.")
final class PoolWorkerCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Parameters(paramLabel = "ADDRESS")
    String address;

    @Override
    public Integer call() {
        host.quietUnlessVerbose();
        // No watcher and no control socket: the dispatcher leads every migration, this side only follows.
        try (Patchbay patchbay = Patchbay.start(host.config(host.plugins()))) {
            PoolWorker.serve(patchbay.connect(address));
            return 0;
        }
    }
}
