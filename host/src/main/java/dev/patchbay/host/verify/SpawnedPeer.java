package dev.patchbay.host.verify;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.demo.PeerLauncher;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An echo peer process on {@code pipe:child} that loads the scratch folder, and the channel to it. Its process is the
 * child this process did not have before the spawn: the {@code /bin/sh} of {@code pipe:child} execs the JVM.
 */
record SpawnedPeer(Channel channel, ProcessHandle process) {

    static SpawnedPeer spawn(Patchbay host, ScratchFolder scratch) {
        // The peer checks trust as the host does: a pin list naming exactly the scratch folder, or nothing at all
        // when the user turned verification off.
        List<String> trust = host.config().trust().verifies()
                ? List.of("--pins", scratch.peerPins().toString()) : List.of("--trust-all");
        Set<Long> before = children();
        Channel channel = host.listen(PeerLauncher.echoPeer(host, scratch.plugins(), trust).toString());
        ProcessHandle process = ProcessHandle.current().children().filter(p -> !before.contains(p.pid()))
                .findFirst().orElseThrow(() -> new IllegalStateException("the spawned peer process is gone"));
        return new SpawnedPeer(channel, process);
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
