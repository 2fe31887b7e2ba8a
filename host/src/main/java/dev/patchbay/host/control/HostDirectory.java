package dev.patchbay.host.control;

import dev.patchbay.sharedmem.runtime.RuntimeDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where running hosts' control sockets are, and which one a CLI command talks to. */
public final class HostDirectory {
    private HostDirectory() {
    }

    /** The folder of control sockets. */
    static Path folder() {
        return RuntimeDirectory.sub("control");
    }

    /** The socket a host with this pid listens on. */
    public static Path socketOf(long pid) {
        return folder().resolve(pid + ".sock");
    }

    /** The pids of running hosts; sockets left by dead processes are removed on the way. */
    public static List<Long> running() {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder())) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".sock")) {
                    continue;
                }
                long pid = Long.parseLong(name.substring(0, name.length() - 5));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    pids.add(pid);
                } else {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // An unreadable folder has no hosts we can talk to.
        }
        pids.sort(Long::compare);
        return pids;
    }

    /**
     * The socket of the host to talk to: the one given, or the only one running.
     *
     * @throws ControlException (NO_HOST) when none runs, or several do and none was chosen
     */
    public static Path choose(Long pid) {
        List<Long> hosts = running();
        if (pid != null) {
            if (!hosts.contains(pid)) {
                throw new ControlException(ControlException.Kind.NO_HOST, "no Patchbay host with pid " + pid
                        + " is running here" + (hosts.isEmpty() ? "" : "; running: " + describe(hosts)));
            }
            return socketOf(pid);
        }
        if (hosts.isEmpty()) {
            throw new ControlException(ControlException.Kind.NO_HOST, "no Patchbay host is running for this user"
                    + " (start one with patchbay listen, send or demo)");
        }
        if (hosts.size() > 1) {
            throw new ControlException(ControlException.Kind.NO_HOST, "several Patchbay hosts are running: "
                    + describe(hosts) + "; choose one with --host PID (patchbay channels lists them all)");
        }
        return socketOf(hosts.get(0));
    }

    private static String describe(List<Long> pids) {
        return pids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
