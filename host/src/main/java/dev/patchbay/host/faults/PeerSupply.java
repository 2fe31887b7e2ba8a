package dev.patchbay.host.faults;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelEvents;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.demo.PeerLauncher;
import dev.patchbay.host.module.TransportRef;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Echo peers in their own JVMs ({@code patchbay peer pipe:stdio}), spawned one at a time on a thread of their own
 * and one ahead: the next peer starts while the current one is being killed, so that a JVM's start-up is not
 * paid between rounds. Each peer's process is the child this process did not have before its spawn.
 */
final class PeerSupply implements AutoCloseable {
    /** A spawned peer and the channel to it. */
    record Peer(Channel channel, ProcessHandle process) {
    }

    private final Patchbay host;
    private final Address address;
    private final RunProcesses processes;
    private final ExecutorService spawner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "faults-peer-spawner");
        t.setDaemon(true);
        return t;
    });
    private Future<Peer> next;

    PeerSupply(Patchbay host, RunProcesses processes) {
        this.host = host;
        this.processes = processes;
        this.address = PeerLauncher.echoPeer(host);
    }

    /** The next peer, on a channel the host owns (its agents serve it while nobody receives). */
    Peer next() throws InterruptedException {
        Future<Peer> taken = next == null ? spawner.submit(this::spawn) : next;
        next = spawner.submit(this::spawn);
        return get(taken);
    }

    /**
     * A peer on a channel of our own (not the host's) whose first link kills the peer right after our SWITCH went
     * out on it; migrations that the peer starts resolve their modules through the host.
     */
    Peer nextKilledAfterSwitch(MigrationOptions options, Executor background) throws InterruptedException {
        return get(spawner.submit(() -> {
            TransportRef pipe = host.transportFor(address);
            Set<Long> before = children();
            Link link;
            try (Acceptor acceptor = pipe.transport().listen(address, host.options())) {
                link = acceptor.accept(host.options().openTimeout());
            }
            ProcessHandle process = newChild(before);
            Channel channel = new Channel("faults-switch-" + process.pid(), PeerKillingLink.afterSwitch(link, process),
                    pipe, host.options(), options, (a, spec) -> host.transportFor(a.scheme(), spec),
                    ChannelEvents.NONE, background);
            return new Peer(channel, process);
        }));
    }

    private Peer spawn() {
        Set<Long> before = children();
        Channel channel = host.listen(address.toString());
        return new Peer(channel, newChild(before));
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private ProcessHandle newChild(Set<Long> before) {
        ProcessHandle child = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the peer's process is not among our children"));
        processes.add(child.pid());
        return child;
    }

    private static Peer get(Future<Peer> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("spawning a peer failed: " + e.getCause(), e.getCause());
        }
    }

    /** Kills the peer spawned ahead, if any, and stops spawning. */
    @Override
    public void close() {
        if (next != null) {
            next.cancel(false);
            try {
                Peer spare = get(next);
                spare.process().destroyForcibly();
                spare.process().onExit().join();
                spare.channel().close();
            } catch (RuntimeException | InterruptedException e) {
                // Never spawned, or failed: nothing to stop.
            }
        }
        spawner.shutdownNow();
    }
}
