package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlClient;
import dev.patchbay.host.control.ControlException;
import dev.patchbay.host.control.HostDirectory;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code --host PID}: which running host a control command talks to. Without it: the host that holds the channel
 * the command names (by name or address), else the only host running; several candidates are listed.
 */
final class HostChoice {
    @Option(names = "--host", paramLabel = "PID",
            description = "The running host to talk to, by process id. Default: the host that has the channel the"
                    + " command names (the listening side when both ends run here), else the only one running;"
                    + " 'patchbay channels' shows every host's pid.")
    Long pid;

    /** A channel in a chosen host. */
    record Target(Path socket, String channel) {
    }

    /** A channel row of a running host. */
    record Found(long pid, Map<String, Object> row) {
        String describe() {
            return "pid " + pid + " (" + row.get("name") + " " + row.get("role") + " on " + row.get("address") + ")";
        }
    }

    /** The host to talk to when the command names no channel. */
    Path socket() {
        return HostDirectory.choose(pid);
    }

    /** The pids this command looks at: the one chosen, or every running host. */
    List<Long> pids() {
        if (pid != null) {
            HostDirectory.choose(pid);
            return List.of(pid);
        }
        List<Long> running = HostDirectory.running();
        if (running.isEmpty()) {
            HostDirectory.choose(null);
        }
        return running;
    }

    /** The host holding {@code channel} (a channel name such as c1, or its address such as fifo:chat). */
    Target target(String channel) {
        if (pid != null || HostDirectory.running().size() <= 1) {
            return new Target(socket(), nameIn(socket(), channel));
        }
        List<Found> found = new ArrayList<>();
        for (long p : HostDirectory.running()) {
            try {
                for (Map<String, Object> row : ControlClient.call(HostDirectory.socketOf(p), "channels")) {
                    if (channel.equals(row.get("name")) || channel.equals(row.get("address"))) {
                        found.add(new Found(p, row));
                    }
                }
            } catch (RuntimeException e) {
                // A host that exits or cannot answer now holds nothing we can move.
            }
        }
        if (found.isEmpty()) {
            throw new ControlException(ControlException.Kind.NO_SUCH_CHANNEL, "no running host has a channel named"
                    + " or addressed '" + channel + "'; running hosts: " + HostDirectory.running().stream()
                    .map(String::valueOf).collect(Collectors.joining(", ")) + " (see patchbay channels)");
        }
        Found chosen = found.size() == 1 ? found.get(0) : bothEndsOfOneLink(found);
        if (chosen == null) {
            throw new ControlException(ControlException.Kind.NO_HOST, "several hosts have a channel '" + channel
                    + "': " + found.stream().map(Found::describe).collect(Collectors.joining(", "))
                    + "; choose one with --host PID");
        }
        return new Target(HostDirectory.socketOf(chosen.pid()), (String) chosen.row().get("name"));
    }

    /** Two hosts on the two ends of the same link (listen fifo:chat, send fifo:chat): the listener moves it. */
    private static Found bothEndsOfOneLink(List<Found> found) {
        if (found.size() != 2 || !found.get(0).row().get("address").equals(found.get(1).row().get("address"))) {
            return null;
        }
        List<Found> listeners = found.stream().filter(f -> "listen".equals(f.row().get("role"))).toList();
        return listeners.size() == 1 ? listeners.get(0) : null;
    }

    /** A channel given by address is sent to the host by its name. */
    private static String nameIn(Path socket, String channel) {
        if (!channel.contains(":")) {
            return channel;
        }
        return ControlClient.call(socket, "channels").stream()
                .filter(row -> channel.equals(row.get("address")))
                .map(row -> (String) row.get("name"))
                .findFirst().orElse(channel);
    }
}
