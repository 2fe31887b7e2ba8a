package dev.patchbay.sharedmem.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as the kernel knows it: its pid and its start time (clock ticks since boot, field 22 of
 * {@code /proc/<pid>/stat}). The pair stays unique when pids are reused, so "is the owner of this segment alive?"
 * is answered correctly even after the owner died and its pid went to another process.
 *
 * @param pid       the process id
 * @param startTime the start time in clock ticks after boot
 */
public record ProcessIdentity(long pid, long startTime) {

    /** This process. */
    public static ProcessIdentity current() {
        long pid = ProcessHandle.current().pid();
        return of(pid).orElseThrow(() -> new IllegalStateException("cannot read /proc/" + pid + "/stat"));
    }

    /** The process that has this pid now, if there is one. */
    public static Optional<ProcessIdentity> of(long pid) {
        return stat(pid).map(stat -> new ProcessIdentity(pid, stat.startTime()));
    }

    /**
     * True while this very process (same pid, same start time) is running; false after it exits or dies. One read
     * of {@code /proc/<pid>/stat} (about 20 µs): cheap enough to ask every 100 ms, too dear for every message.
     */
    public boolean isAlive() {
        return stat(pid).map(stat -> stat.startTime() == startTime && stat.state() != 'Z' && stat.state() != 'X')
                .orElse(false);
    }

    /** What this class reads of {@code /proc/<pid>/stat}: the state (field 3) and the start time (field 22). */
    private record Stat(char state, long startTime) {
    }

    private static Optional<Stat> stat(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may contain spaces and parentheses: count fields after its last ')'.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Stat(rest[0].charAt(0), Long.parseLong(rest[19])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
