package dev.patchbay.sharedmem.runtime;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Fcntl;
import dev.patchbay.sharedmem.posix.RawIo;

/**
 * Reads the start time of a running process from {@code /proc/<pid>/stat} through native memory of the calling
 * thread, allocating nothing: a link asks about its peer every 100 ms for as long as it lives, from threads that
 * carry messages, and {@code Files.readString} plus {@code split} left a kilobyte of garbage each time.
 */
final class ProcStat {
    /** {@link #startTimeIfRunning}: no such process, or one that has exited (a zombie) or is dying. */
    static final long GONE = -1;
    /** {@link #startTimeIfRunning}: /proc could not be read for another reason (out of descriptors, say). */
    static final long UNREADABLE = -2;

    /** The path takes at most 33 bytes; the stat line follows (about 300 bytes, the command name at most 64). */
    private static final int PATH_LENGTH = 64;
    private static final int SIZE = 2048;
    private static final byte[] PREFIX = {'/', 'p', 'r', 'o', 'c', '/'};
    private static final byte[] SUFFIX = {'/', 's', 't', 'a', 't', 0};
    /** Field 22, the start time, is the 20th after the command name's closing parenthesis (field 3 is the 1st). */
    private static final int START_TIME_AFTER_STATE = 19;
    private static final ThreadLocal<Memory> BUFFER = ThreadLocal.withInitial(() -> new Memory(SIZE));

    private ProcStat() {
    }

    /** The start time of process {@code pid} if it runs; {@link #GONE} or {@link #UNREADABLE} otherwise. */
    static long startTimeIfRunning(long pid) {
        if (pid <= 0) {
            return GONE;
        }
        Memory buffer = BUFFER.get();
        long base = Pointer.nativeValue(buffer);
        writePath(buffer, pid);
        int fd = RawIo.open(base, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC);
        if (fd < 0) {
            int errno = RawIo.errno();
            return errno == Errno.ENOENT || errno == Errno.ESRCH ? GONE : UNREADABLE;
        }
        int length = 0;
        try {
            while (length < SIZE - PATH_LENGTH) {
                long n = RawIo.read(fd, base + PATH_LENGTH + length, SIZE - PATH_LENGTH - length);
                if (n == 0) {
                    break;
                }
                if (n < 0) {
                    // A process that exits while it is read ends the read with ESRCH.
                    return RawIo.errno() == Errno.ESRCH ? GONE : UNREADABLE;
                }
                length += (int) n;
            }
        } finally {
            RawIo.close(fd);
        }
        return parse(buffer, PATH_LENGTH, PATH_LENGTH + length);
    }

    private static void writePath(Memory buffer, long pid) {
        int at = 0;
        for (byte b : PREFIX) {
            buffer.setByte(at++, b);
        }
        long digits = 1;
        while (digits <= pid / 10) {
            digits *= 10;
        }
        for (; digits > 0; digits /= 10) {
            buffer.setByte(at++, (byte) ('0' + pid / digits % 10));
        }
        for (byte b : SUFFIX) {
            buffer.setByte(at++, b);
        }
    }

    /** The start time in the stat line in {@code [from, to)}; {@link #GONE} for a zombie or a line it cannot read. */
    private static long parse(Memory buffer, int from, int to) {
        // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
        int at = to - 1;
        while (at >= from && buffer.getByte(at) != ')') {
            at--;
        }
        if (at < from) {
            return GONE;
        }
        at += 2;
        if (at >= to) {
            return GONE;
        }
        byte state = buffer.getByte(at);
        if (state == 'Z' || state == 'X') {
            return GONE;
        }
        for (int spaces = 0; spaces < START_TIME_AFTER_STATE && at < to; at++) {
            if (buffer.getByte(at) == ' ') {
                spaces++;
            }
        }
        long value = 0;
        boolean any = false;
        for (; at < to; at++) {
            byte b = buffer.getByte(at);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
            any = true;
        }
        return any ? value : GONE;
    }
}
