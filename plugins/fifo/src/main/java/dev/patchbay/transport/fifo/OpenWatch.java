package dev.patchbay.transport.fifo;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.kit.link.MeetingWait;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Inotify;
import dev.patchbay.sharedmem.posix.Poll;
import dev.patchbay.sharedmem.posix.Unistd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * How the acceptor sleeps until its connector opens {@code .s2c} for reading. A fifo tells its reader nothing when a
 * writer arrives, and its writer can only try opening again; so the acceptor asks inotify for the file's IN_OPEN and
 * sleeps in poll(2) until then. A patch opens hundreds of links at once, and looking every millisecond instead cost
 * about twenty opens and wake-ups per link. Where inotify is not to be had (the user's 128 instances are used up, by
 * default), it looks by the clock ({@link MeetingWait}).
 */
final class OpenWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenWatch.class);
    /** The longest sleep: the acceptor's close is seen within this. */
    static final int LONGEST_POLL_MILLIS = 20;
    private static final int BUFFER = 16 * Inotify.EVENT_SIZE;

    private final int fd;
    private final Memory memory;
    private final MeetingWait byClock;

    private OpenWatch(int fd) {
        this.fd = fd;
        this.memory = fd >= 0 ? new Memory(Poll.POLLFD_SIZE + BUFFER) : null;
        this.byClock = fd >= 0 ? null : new MeetingWait();
        if (memory != null) {
            memory.setInt(0, fd);
            memory.setShort(4, (short) Poll.POLLIN);
        }
    }

    /** Starts watching {@code fifo}; call before the first try to open it, so that no open goes unseen. */
    static OpenWatch on(Path fifo) {
        int fd;
        try {
            fd = Inotify.inotify_init1(Inotify.IN_NONBLOCK | Inotify.IN_CLOEXEC);
        } catch (LastErrorException e) {
            LOG.debug("no inotify for {} ({}): looking for the connector by the clock", fifo,
                    Errno.describe(e.getErrorCode()));
            return new OpenWatch(-1);
        }
        try {
            Inotify.inotify_add_watch(fd, fifo.toString(), Inotify.IN_OPEN);
        } catch (LastErrorException e) {
            LOG.debug("cannot watch {} ({}): looking for the connector by the clock", fifo,
                    Errno.describe(e.getErrorCode()));
            closeQuietly(fd);
            return new OpenWatch(-1);
        }
        return new OpenWatch(fd);
    }

    /** Sleeps until the file was opened, or at most {@code leftNanos} and {@link #LONGEST_POLL_MILLIS}. */
    void await(long leftNanos) {
        if (fd < 0) {
            byClock.park(leftNanos);
            return;
        }
        int millis = (int) Math.max(1, Math.min(LONGEST_POLL_MILLIS, leftNanos / 1_000_000));
        try {
            if (Poll.poll(Pointer.nativeValue(memory), 1, millis) > 0) {
                // Drained, so that an open that was not our connector's does not wake every later poll at once.
                Unistd.read(fd, Pointer.nativeValue(memory) + Poll.POLLFD_SIZE, BUFFER);
            }
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EINTR && e.getErrorCode() != Errno.EAGAIN) {
                // Not to be trusted any more: sleep a while, as the clock would, and try the open again.
                LockSupport.parkNanos(Math.min(leftNanos, LONGEST_POLL_MILLIS * 1_000_000L));
            }
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            closeQuietly(fd);
            memory.close();
        }
    }

    private static void closeQuietly(int fd) {
        try {
            Unistd.close(fd);
        } catch (LastErrorException ignored) {
            // Released either way.
        }
    }
}
