package dev.patchbay.transport.shm;

import dev.patchbay.api.Address;
import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.Link;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.kit.link.MeetingAcceptor;
import dev.patchbay.sharedmem.NotOwnedException;
import dev.patchbay.sharedmem.ObjectExistsException;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.sync.PeerSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side of a shm link. Creating it makes the segment (mode 0600) with both rings and opens slot A;
 * {@link #accept} then waits, in steps of at most 20 ms, for a connector to open slot B. This process owns the
 * segment and removes it when the link (or, before a peer came, the acceptor) closes; if it dies, the segment
 * stays until the janitor, or the next listener on the name, removes it.
 */
final class ShmAcceptor extends MeetingAcceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ShmAcceptor.class);

    private final ShmParams params;
    private final ShmMemory memory;
    private final long word;

    private ShmAcceptor(ShmParams params, ShmMemory memory, long word) {
        this.params = params;
        this.memory = memory;
        this.word = word;
    }

    static ShmAcceptor create(ShmParams params) {
        int waitCode = params.waitCode() >= 0 ? params.waitCode() : ShmParams.DEFAULT_WAIT;
        Segment segment;
        try {
            segment = Segment.open(params.spec(OpenMode.CREATE_NEW, ShmLinkDescriptor.dataLength(params.capacity())),
                    s -> ShmMemory.format(s, params.capacity(), waitCode));
        } catch (ObjectExistsException e) {
            throw new TransportIoException(params.address() + " is taken: " + e.getMessage() + "; pick another name");
        } catch (NotOwnedException e) {
            throw new PatchbayException(ErrorCode.FOREIGN_OBJECT, "cannot listen on " + params.address() + ": "
                    + e.getMessage(), e);
        } catch (SharedMemException e) {
            throw new TransportIoException("cannot listen on " + params.address() + ": " + e.getMessage(), e);
        }
        try {
            ShmMemory memory = ShmMemory.of(segment);
            long claimed = memory.listener().claim(ProcessIdentity.current());
            int flags = waitCode == ShmLinkDescriptor.WAIT_FUTEX ? PeerSlot.FLAG_WAKE_ME : 0;
            long open = memory.listener().open(claimed, params.options().maxMessageSize(), flags);
            LOG.debug("listening on {} ({}, rings of {} bytes)", params.address(), segment.spec().describe(),
                    params.capacity());
            return new ShmAcceptor(params, memory, open);
        } catch (RuntimeException | Error e) {
            segment.close();
            throw e;
        }
    }

    @Override
    public Address address() {
        return params.address();
    }

    /** A peer may connect, send and close before we look: a closed slot is a peer that came too. */
    @Override
    protected boolean peerArrived() {
        int state = PeerSlot.state(memory.connector().word());
        return state == PeerSlot.OPEN || state == PeerSlot.CLOSED;
    }

    @Override
    protected Link link() {
        return new ShmLink(params.address(), memory.segment(), memory.toConnector(), memory.toListener(),
                memory.listener(), word, memory.connector(), memory.connector().word(),
                ShmParams.strategy(memory.waitCode()), params.options().maxMessageSize());
    }

    /** No peer came: this process made the segment, so it removes it. */
    @Override
    protected void release() {
        memory.listener().close(word);
        memory.segment().close();
    }

    @Override
    protected String meetingPoint() {
        return memory.segment().spec().describe();
    }
}
