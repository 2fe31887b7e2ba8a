package dev.patchbay.transport.fifo;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Poll;
import dev.patchbay.sharedmem.posix.Unistd;

/**
 * The one byte the listener writes on {@code .s2c} once it has opened it. A fifo reader with no writer reads end of
 * stream at once, so the connector must not start reading frames before the listener's writing end exists; waiting
 * for this byte (with poll, which stays quiet until then) is how it knows.
 */
final class Handshake {
    static final byte ACCEPTED = 0x01;

    private Handshake() {
    }

    static void send(int fd, FifoPaths paths) {
        try (Memory one = new Memory(1)) {
            one.setByte(0, ACCEPTED);
            Unistd.write(fd, Pointer.nativeValue(one), 1);
        } catch (LastErrorException e) {
            throw new PeerClosedException("the peer of " + paths.address() + " left while connecting: "
                    + Errno.describe(e.getErrorCode()));
        }
    }

    static void await(int fd, FifoPaths paths, long deadlineNanos) {
        try (Memory pollFd = new Memory(Poll.POLLFD_SIZE); Memory one = new Memory(1)) {
            pollFd.setInt(0, fd);
            pollFd.setShort(4, (short) Poll.POLLIN);
            while (true) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    throw new OpenTimeoutException("the listener of " + paths.address() + " did not open "
                            + paths.serverToClient() + " in time; is it still running?");
                }
                try {
                    if (Poll.poll(Pointer.nativeValue(pollFd), 1, (int) Math.max(1, left / 1_000_000)) == 0) {
                        continue;
                    }
                    long n = Unistd.read(fd, Pointer.nativeValue(one), 1);
                    if (n == 1 && one.getByte(0) == ACCEPTED) {
                        return;
                    }
                    if (n == 0) {
                        throw new PeerClosedException("the listener of " + paths.address() + " went away while"
                                + " connecting");
                    }
                    throw new TransportIoException("unexpected byte " + one.getByte(0) + " on " + paths
                            .serverToClient() + " while connecting: is the listener a Patchbay fifo listener?");
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Errno.EINTR && e.getErrorCode() != Errno.EAGAIN) {
                        throw new TransportIoException(Errno.failure("poll/read(" + paths.serverToClient() + ")", e)
                                .getMessage());
                    }
                }
            }
        }
    }
}
