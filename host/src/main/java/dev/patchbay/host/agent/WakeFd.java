package dev.patchbay.host.agent;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.posix.EventFd;
import dev.patchbay.sharedmem.posix.RawIo;
import dev.patchbay.sharedmem.posix.Unistd;

/**
 * An eventfd that lets another thread cut an agent's poll(2) short: {@link #signal} from any thread, and the agent,
 * seeing it readable, {@link #clear}s it.
 */
final class WakeFd implements AutoCloseable {
    private final int fd;
    private final Memory one = new Memory(8);
    private final Memory sink = new Memory(8);
    private boolean closed;

    WakeFd() {
        try {
            fd = EventFd.eventfd(0, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IllegalStateException("eventfd failed: errno " + e.getErrorCode(), e);
        }
        one.setLong(0, 1L);
    }

    int fd() {
        return fd;
    }

    /** Makes the descriptor readable; harmless if it already is. */
    synchronized void signal() {
        if (!closed) {
            RawIo.write(fd, Pointer.nativeValue(one), 8);
        }
    }

    /** Makes it unreadable again (a non-blocking read of the counter). */
    void clear() {
        RawIo.read(fd, Pointer.nativeValue(sink), 8);
    }

    /** Closes the descriptor; a later {@link #signal} does nothing (it must not write to a number reused since). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Unistd.close(fd);
        } catch (LastErrorException e) {
            // Nothing to do at shutdown.
        }
        one.close();
        sink.close();
    }
}
