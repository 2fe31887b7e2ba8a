package dev.patchbay.transport.mmap;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.kit.link.MeetingAcceptor;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.sync.PeerSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The listening side of an mmap link. Listening opens (or makes) the control file, takes slot A, and opens the
 * a2b log for writing, which recovers its end; then {@link #accept} waits, in steps of at most 20 ms, for a
 * connector to open slot B, and opens the b2a log for reading at this side's saved position. The listener is
 * always side A: after a restart it listens again on the same name, and the connector connects again.
 */
final class MmapAcceptor extends MeetingAcceptor {
    private static final Logger LOG = LoggerFactory.getLogger(MmapAcceptor.class);
    /** How long a listener waits for the files of a finished conversation to be deleted by whoever finished it. */
    private static final long REMOVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final MmapParams params;
    private final LogFiles files;
    private final ControlFile control;
    private final LogWriter writer;
    private final long word;
    private final long staleConnector;

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

    /**
     * A connector newer than the one slot B held when listening began has come. It may have connected, sent and
     * closed before we look: a closed slot is a peer that came too.
     */
    @Override
    protected boolean peerArrived() {
        long peer = control.connector().word();
        int state = PeerSlot.state(peer);
        return (state == PeerSlot.OPEN || state == PeerSlot.CLOSED) && peer != staleConnector;
    }

    @Override
    protected Link link() {
        long peer = control.connector().word();
        try {
            LogReader reader = LogReader.open(files, LogFiles.B2A, params, control, params.options().maxMessageSize());
            return new MmapLink(params, files, control, writer, reader, true, word, peer);
        } catch (RuntimeException | Error e) {
            release(false);
            throw e;
        }
    }

    /** No link was accepted: let go of the files, and delete them if this listener made them and no connector came. */
    @Override
    protected void release() {
        release(control.created() && PeerSlot.state(control.connector().word()) == PeerSlot.EMPTY);
    }

    @Override
    protected String meetingPoint() {
        return control.describe();
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
