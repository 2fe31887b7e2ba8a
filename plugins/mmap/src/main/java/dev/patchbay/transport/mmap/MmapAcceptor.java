package dev.patchbay.transport.mmap;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.sync.BackoffIdle;
import dev.patchbay.sharedmem.sync.PeerSlot;
import dev.patchbay.sharedmem.sync.WaitStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The listening side of an mmap link. Listening opens (or makes) the control file, takes slot A, and opens the
 * a2b log for writing, which recovers its end; then {@link #accept} waits, in steps of at most 20 ms, for a
 * connector to open slot B, and opens the b2a log for reading at this side's saved position. The listener is
 * always side A: after a restart it listens again on the same name, and the connector connects again.
 */
final class MmapAcceptor implements Acceptor {
    private static final Logger LOG = LoggerFactory.getLogger(MmapAcceptor.class);
    /** How accept waits: parks from 0.1 ms doubling to 20 ms, so that a close ends it within 20 ms. */
    private static final WaitStrategy OPENING = new BackoffIdle(0, 0, 100_000, 20_000_000);
    /** How long a listener waits for the files of a finished conversation to be deleted by whoever finished it. */
    private static final long REMOVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final MmapParams params;
    private final LogFiles files;
    private final ControlFile control;
    private final LogWriter writer;
    private final long word;
    private final long staleConnector;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;
    private boolean accepted;

    private MmapAcceptor(MmapParams params, LogFiles files, ControlFile control, LogWriter writer, long word,
                         long staleConnector) {
        this.params = params;
        this.files = files;
        this.control = control;
        this.writer = writer;
        this.word = word;
        this.staleConnector = staleConnector;
    }

    static MmapAcceptor create(MmapParams params) {
        LogFiles files = new LogFiles(params.name());
        ProcessIdentity me = ProcessIdentity.current();
        while (true) {
            ControlFile control = ControlFile.openOrCreate(files);
            long claimed = control.listener().claim(me);
            if (claimed == PeerSlot.HELD) {
                long holder = PeerSlot.pid(control.listener().word());
                control.close();
                throw new TransportIoException(params.address() + " is already being listened on by process "
                        + holder + "; pick another name");
            }
            if (claimed == PeerSlot.RETIRED_SLOT) {
                control.close();
                awaitRemoval(files);
                continue;
            }
            try {
                long stale = control.connector().word();
                LogWriter writer = LogWriter.open(files, LogFiles.A2B, params, control);
                int flags = params.sleeps() ? PeerSlot.FLAG_WAKE_ME : 0;
                long open = control.listener().open(claimed, params.options().maxMessageSize(), flags);
                LOG.debug("listening on {} ({}, next record out: {})", params.address(), control.describe(),
                        writer.nextSequence());
                return new MmapAcceptor(params, files, control, writer, open, stale);
            } catch (RuntimeException | Error e) {
                control.listener().close(claimed);
                control.close();
                throw e;
            }
        }
    }

    /**
     * The last side of a finished conversation is deleting its files: wait for the control file to go (it goes
     * last). If it stays, that side died while deleting; finish the job.
     */
    private static void awaitRemoval(LogFiles files) {
        long deadline = System.nanoTime() + REMOVAL_NANOS;
        while (files.controlExists() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
        }
        if (files.controlExists()) {
            LOG.info("{}: the files of a finished conversation were left half-deleted; deleting them",
                    files.control());
            files.deleteAll();
        }
    }

    @Override
    public Address address() {
        return params.shared();
    }

    @Override
    public Link accept(Duration timeout) {
        lock.lock();
        try {
            OPENING.await(() -> closed || accepted || hasArrived(), null, timeout.toNanos());
            if (closed || accepted) {
                throw new LinkClosedException("acceptor " + params.address() + " was already accepted or closed");
            }
            if (!hasArrived()) {
                throw new OpenTimeoutException("no peer connected to " + control.describe() + " within "
                        + timeout.toMillis() + " ms; start the other side with: patchbay send " + address());
            }
            accepted = true;
            return link(control.connector().word());
        } finally {
            lock.unlock();
        }
    }

    /**
     * A connector newer than the one slot B held when listening began has come. It may have connected, sent and
     * closed before we look: a closed slot is a peer that came too.
     */
    private boolean hasArrived() {
        long peer = control.connector().word();
        int state = PeerSlot.state(peer);
        return (state == PeerSlot.OPEN || state == PeerSlot.CLOSED) && peer != staleConnector;
    }

    private Link link(long peer) {
        try {
            LogReader reader = LogReader.open(files, LogFiles.B2A, params, control, params.options().maxMessageSize());
            return new MmapLink(params, files, control, writer, reader, true, word, peer);
        } catch (RuntimeException | Error e) {
            release(false);
            throw e;
        }
    }

    /**
     * Ends a waiting {@link #accept} within 20 ms. Before a link was accepted it also lets go of the files, and
     * deletes them if this listener made them and no connector ever came.
     */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            if (!accepted) {
                accepted = true;
                release(control.created() && PeerSlot.state(control.connector().word()) == PeerSlot.EMPTY);
            }
        } finally {
            lock.unlock();
        }
    }

    private void release(boolean delete) {
        writer.publish();
        writer.close();
        boolean retired = delete && control.listener().retire(word);
        if (!retired) {
            control.listener().close(word);
        }
        control.close();
        if (retired) {
            files.deleteAll();
        }
    }
}
