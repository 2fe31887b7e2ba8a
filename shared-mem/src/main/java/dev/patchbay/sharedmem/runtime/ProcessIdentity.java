package dev.patchbay.sharedmem.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process as the kernel knows it: its pid and its start time (clock ticks since boot, field 22 of
 * {@code /proc/<pid>/stat}). The pair stays unique when pids are reused, so "is the owner of this segment alive?"
 * is answered correctly even after the owner died and its pid went to another process.
 *
 * @param pid       the process id
 * @param startTime the start time in clock ticks after boot
 */
public record ProcessIdentity(long pid, long startTime) {
    private static volatile ProcessIdentity current;

    /** This process. */
    public static ProcessIdentity current() {
        // Read once: this process's pid and start time never change, and every link it opens names it.
        ProcessIdentity me = current;
        if (me == null) {
            long pid = ProcessHandle.current().pid();
            me = of(pid).orElseThrow(() -> new IllegalStateException("cannot read /proc/" + pid + "/stat"));
            current = me;
        }
        return me;
    }

    /** The process that has this pid now, if there is one. */
    public static Optional<ProcessIdentity> of(long pid) {
        try {
            return stat(pid).map(stat -> new ProcessIdentity(pid, stat.startTime()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Like {@link #isAlive}, for callers that ask again and again (a link watching its peer): an answer "alive" is
     * shared by every such caller in this process for {@value #SEEN_ALIVE_MILLIS} ms, so a host with a thousand
     * links to one peer process reads /proc once, not a thousand times, and a death is seen that much later.
     */
    public boolean isAliveLately() {
        AtomicLong seen = SEEN_ALIVE.get(this);
        if (seen != null && System.nanoTime() - seen.get() < SEEN_ALIVE_NANOS) {
            return true;
        }
        return isAlive();
    }

    /**
     * True while this very process (same pid, same start time) is running; false after it exits or dies. One read
     * of {@code /proc/<pid>/stat} (about 20 µs) that allocates nothing: cheap enough to ask every 100 ms, too dear
     * for every message. /proc that cannot be read for another reason than the process being gone (out of file
     * descriptors) counts as alive: a live peer must not be declared dead.
     */
    public boolean isAlive() {
        long now = System.nanoTime();
        long started = ProcStat.startTimeIfRunning(pid);
        if (started == ProcStat.UNREADABLE) {
            return true;
        }
        boolean alive = started == startTime;
        if (alive) {
            if (SEEN_ALIVE.size() > 4096) {
                SEEN_ALIVE.clear();
            }
            // One AtomicLong per process seen, set again in place: boxing a Long per check was garbage.
            SEEN_ALIVE.computeIfAbsent(this, identity -> new AtomicLong()).set(now);
        } else {
            SEEN_ALIVE.remove(this);
        }
        return alive;
    }

    private static final long SEEN_ALIVE_MILLIS = 50;
    private static final long SEEN_ALIVE_NANOS = SEEN_ALIVE_MILLIS * 1_000_000;
    private static final Map<ProcessIdentity, AtomicLong> SEEN_ALIVE = new ConcurrentHashMap<>();

    /** Written out: the generated record methods box the components on some paths, and these run per check. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessIdentity other && other.pid == pid && other.startTime == startTime;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pid) * 31 + Long.hashCode(startTime);
    }

    /** What this class reads of {@code /proc/<pid>/stat}: the state (field 3) and the start time (field 22). */
    private record Stat(char state, long startTime) {
    }

    /** The process's stat; empty if there is no such process; IOException if /proc could not be read. */
    private static Optional<Stat> stat(long pid) throws IOException {
        if (pid <= 0) {
            return Optional.empty();
        }
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // A process that exits while it is read ends the read with ESRCH: no such process either.
            if (!Files.exists(Path.of("/proc", Long.toString(pid)))) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            // The command name (field 2) may contain spaces and parentheses: count fields after its last ')'.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Stat(rest[0].charAt(0), Long.parseLong(rest[19])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
