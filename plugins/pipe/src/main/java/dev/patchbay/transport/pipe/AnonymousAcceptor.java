package dev.patchbay.transport.pipe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Poll;
import dev.patchbay.sharedmem.posix.Unistd;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code pipe:anon}: two fresh pipes for a process that is already running. The peer opens its ends through
 * {@code /proc/<our pid>/fd/<n>} (see {@link ProcConnector}) and writes one hello byte; then we close our copies of
 * its ends, so that end of stream and broken pipe work as they should.
 */
final class AnonymousAcceptor implements Acceptor {
    static final byte HELLO = 0x01;

    private final Address address;
    private final int maxMessageSize;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;
    /** Ours: write to the peer, read from the peer. Theirs: the peer opens these through /proc. */
    private int ourWrite;
    private int ourRead;
    private int theirRead;
    private int theirWrite;

    private AnonymousAcceptor(int[] toPeer, int[] fromPeer, int maxMessageSize) {
        this.ourWrite = toPeer[1];
        this.theirRead = toPeer[0];
        this.ourRead = fromPeer[0];
        this.theirWrite = fromPeer[1];
        this.maxMessageSize = maxMessageSize;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("pid", Long.toString(ProcessHandle.current().pid()));
        params.put("rfd", Integer.toString(theirRead));
        params.put("wfd", Integer.toString(theirWrite));
        this.address = Address.of("pipe", "proc", params);
    }

    static AnonymousAcceptor create(LinkOptions options) {
        int[] toPeer = PipeFds.newPipe();
        int[] fromPeer = PipeFds.newPipe();
        return new AnonymousAcceptor(toPeer, fromPeer, options.maxMessageSize());
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public Link accept(Duration timeout) {
        lock.lock();
        try {
            if (closed || ourRead < 0) {
                throw new LinkClosedException("acceptor " + address + " was already accepted or closed");
            }
            awaitHello(timeout);
            PipeFds.close(theirRead, theirWrite);
            Link link = PipeFds.link(address, ourRead, ourWrite, maxMessageSize, () -> { });
            ourRead = ourWrite = theirRead = theirWrite = -1;
            return link;
        } finally {
            lock.unlock();
        }
    }

    private void awaitHello(Duration timeout) {
        try (Memory pollFd = new Memory(Poll.POLLFD_SIZE); Memory one = new Memory(1)) {
            pollFd.setInt(0, ourRead);
            pollFd.setShort(4, (short) Poll.POLLIN);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (closed) {
                    throw new LinkClosedException("acceptor " + address + " was closed while waiting");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new OpenTimeoutException("no process connected to " + address + " within " + timeout
                            .toMillis() + " ms; the peer must connect to exactly this address");
                }
                int ready;
                try {
                    // Slices of at most 50 ms, so that close() is noticed promptly.
                    ready = Poll.poll(Pointer.nativeValue(pollFd), 1, (int) Math.max(1, Math.min(50, left / 1_000_000)));
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Errno.EINTR) {
                        continue;
                    }
                    throw new TransportIoException(Errno.failure("poll(" + address + ")", e).getMessage());
                }
                if (ready > 0) {
                    readHello(one);
                    return;
                }
            }
        }
    }

    private void readHello(Memory one) {
        try {
            long n = Unistd.read(ourRead, Pointer.nativeValue(one), 1);
            if (n != 1 || one.getByte(0) != HELLO) {
                throw new TransportIoException("the peer of " + address + " sent no hello byte; is it a Patchbay"
                        + " pipe:proc connector?");
            }
        } catch (LastErrorException e) {
            throw new TransportIoException(Errno.failure("read(" + address + ")", e).getMessage());
        }
    }

    /** Wakes a thread waiting in {@link #accept} (within 50 ms), then closes the pipes. */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            PipeFds.close(ourRead, ourWrite, theirRead, theirWrite);
            ourRead = ourWrite = theirRead = theirWrite = -1;
        } finally {
            lock.unlock();
        }
    }
}
