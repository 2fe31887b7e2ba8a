package dev.patchbay.host.faults;

import dev.patchbay.sharedmem.janitor.Janitor;
import dev.patchbay.sharedmem.janitor.Resource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code patchbay segments gc} leaves of this run: the janitor collects every leftover of a dead owner (as the
 * command does), then whatever is still there and belongs to this run — owned by one of its processes, or named
 * after this process as hosts name their links ({@code <channel>-<pid>-<n>}) — is counted, of every kind the
 * janitor knows (POSIX and System V segments, fifos, mapped files, semaphores, control sockets, plugin copies).
 * What was there before the run started is not counted.
 */
final class Leftovers {
    private final RunProcesses processes;
    private final String inUse;
    /** What was there before the run (an embedding process's own open objects, say): not this run's doing. */
    private final Set<String> before;
    private final String tag = "-" + ProcessHandle.current().pid();

    /** @param inUse what the run itself still uses (its plugins copy): not a leftover */
    Leftovers(RunProcesses processes, Path inUse) {
        this.processes = processes;
        this.inUse = inUse.toString();
        this.before = new Janitor().list().stream().map(Leftovers::key).collect(Collectors.toSet());
    }

    /** What identifies a resource across listings. */
    private static String key(Resource r) {
        return r.kind() + " " + r.location();
    }

    /** Runs the janitor's gc, then returns what of this run is still there. */
    List<Resource> afterGc() {
        processes.note();
        Janitor janitor = new Janitor();
        janitor.gc();
        return janitor.list().stream().filter(r -> !r.location().startsWith(inUse) && !before.contains(key(r)))
                .filter(this::ofThisRun).toList();
    }

    private boolean ofThisRun(Resource r) {
        return processes.contains(r.ownerPid()) || tagged(r.name()) || tagged(r.location());
    }

    private boolean tagged(String text) {
        int at = text.indexOf(tag);
        while (at >= 0) {
            int end = at + tag.length();
            if (end == text.length() || !Character.isDigit(text.charAt(end))) {
                return true;
            }
            at = text.indexOf(tag, end);
        }
        return false;
    }
}
