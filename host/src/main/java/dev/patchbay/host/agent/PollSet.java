package dev.patchbay.host.agent;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Poll;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The descriptors one agent thread waits on in a single poll(2), as a {@code struct pollfd} array in native memory
 * that grows with the thread's channels and is reused from round to round. Entries are written through a direct
 * buffer over that memory: a round writes one per quiet channel, and a native call for each field would cost more
 * than the poll.
 */
final class PollSet implements AutoCloseable {
    private static final int INITIAL = 64;

    private Memory fds = new Memory((long) INITIAL * Poll.POLLFD_SIZE);
    private ByteBuffer entries = view(fds, INITIAL);
    private int capacity = INITIAL;
    private int size;

    void clear() {
        size = 0;
    }

    void add(int fd) {
        if (size == capacity) {
            Memory bigger = new Memory((long) capacity * 2 * Poll.POLLFD_SIZE);
            bigger.write(0, fds.getByteArray(0, size * Poll.POLLFD_SIZE), 0, size * Poll.POLLFD_SIZE);
            fds.close();
            fds = bigger;
            capacity *= 2;
            entries = view(fds, capacity);
        }
        int at = size * Poll.POLLFD_SIZE;
        entries.putInt(at, fd);
        entries.putShort(at + 4, (short) Poll.POLLIN);
        entries.putShort(at + 6, (short) 0);
        size++;
    }

    /**
     * Waits up to {@code nanos} (at least a millisecond) for any descriptor to have something, hang up or fail.
     *
     * @return how many did; 0 on timeout or when a signal cut the wait short
     */
    int await(long nanos) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
        try {
            return Poll.poll(Pointer.nativeValue(fds), size, millis);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINTR) {
                return 0;
            }
            throw e;
        }
    }

    /** True if entry {@code i} had an event in the last {@link #await} (POLLNVAL for a closed one counts too). */
    boolean ready(int i) {
        return entries.getShort(i * Poll.POLLFD_SIZE + 6) != 0;
    }

    @Override
    public void close() {
        fds.close();
    }

    private static ByteBuffer view(Memory memory, int entries) {
        return memory.getByteBuffer(0, (long) entries * Poll.POLLFD_SIZE).order(ByteOrder.nativeOrder());
    }
}
