package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.demo.EchoPeer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code patchbay peer <address>}: the echoing peer the demo spawns. Hidden from help. */
@Command(name = "peer", hidden = true, description = "Echo every message on ADDRESS back until the peer closes.")
final class PeerCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Parameters(paramLabel = "ADDRESS")
    String address;

    @Option(names = "--listen", description = "Listen on ADDRESS instead of connecting to it.")
    boolean listen;

    @Override
    public Integer call() {
        // The demo's and soak's echo peer: what it would warn about, the parent reports in its own table.
        host.quietUnlessVerbose();
        try (Patchbay patchbay = host.startHost()) {
            Channel channel = listen ? patchbay.listen(address) : patchbay.connect(address);
            EchoPeer.run(channel);
            return 0;
        }
    }
}
