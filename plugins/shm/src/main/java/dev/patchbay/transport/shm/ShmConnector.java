package dev.patchbay.transport.shm;

import dev.patchbay.api.AddressException;
import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.Link;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.kit.link.MeetingWait;
import dev.patchbay.sharedmem.NotOwnedException;
import dev.patchbay.sharedmem.ObjectNotFoundException;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.sync.PeerSlot;


/**
 * The connecting side of a shm link: waits (up to the open timeout) for the listener's segment, takes slot B and
 * opens it. The connector never removes the segment; it only unmaps it when its link closes.
 */
final class ShmConnector {
    private ShmConnector() {
    }

    static Link connect(ShmParams params) {
        long deadline = System.nanoTime() + params.options().openTimeout().toNanos();
        MeetingWait wait = new MeetingWait();
        String what = params.spec(OpenMode.OPEN_EXISTING, 0).describe();
        String problem = "it does not exist";
        while (true) {
            Segment segment = openSegment(params);
            if (segment != null) {
                Link link = null;
                try {
                    ShmMemory memory = ShmMemory.of(segment);
                    long listener = memory.listener().word();
                    problem = refusal(memory, listener);
                    if (problem == null) {
                        link = join(params, memory, listener);
                        problem = "another peer is connected to it";
                    }
                } finally {
                    if (link == null) {
                        segment.close();
                    }
                }
                if (link != null) {
                    return link;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new OpenTimeoutException("no shm listener at " + what + " within "
                        + params.options().openTimeout().toMillis() + " ms (" + problem + "); start the other side"
                        + " with: patchbay listen " + params.address());
            }
            wait.park(left);
        }
    }

    private static Segment openSegment(ShmParams params) {
        try {
            return Segment.open(params.spec(OpenMode.OPEN_EXISTING, 0));
        } catch (ObjectNotFoundException e) {
            return null;
        } catch (NotOwnedException e) {
            throw new PatchbayException(ErrorCode.FOREIGN_OBJECT, "cannot connect to " + params.address() + ": "
                    + e.getMessage(), e);
        } catch (SharedMemException e) {
            throw new TransportIoException("cannot open " + params.address() + ": " + e.getMessage(), e);
        }
    }

    /** Why this segment's listener cannot take a peer now, or null if it can. */
    private static String refusal(ShmMemory memory, long listener) {
        if (PeerSlot.state(listener) != PeerSlot.OPEN) {
            return "its listener is " + PeerSlot.describe(listener);
        }
        if (!memory.listener().isHeld(listener)) {
            return "its listener, process " + PeerSlot.pid(listener) + ", is gone (run: patchbay segments gc)";
        }
        return null;
    }

    /** Takes and opens slot B; null if another connector holds it. */
    private static Link join(ShmParams params, ShmMemory memory, long listener) {
        int waitCode = params.waitCode() >= 0 ? params.waitCode() : memory.waitCode();
        if (waitCode == ShmLinkDescriptor.WAIT_FUTEX && !memory.toConnector().hasDoorbells()) {
            throw new AddressException("address '" + params.address() + "' asks for wait=futex, but the listener"
                    + " chose another strategy and its rings ring no doorbells; leave wait= out or use backoff");
        }
        long claimed = memory.connector().claim(ProcessIdentity.current());
        if (claimed == PeerSlot.HELD || claimed == PeerSlot.RETIRED_SLOT) {
            return null;
        }
        int flags = waitCode == ShmLinkDescriptor.WAIT_FUTEX ? PeerSlot.FLAG_WAKE_ME : 0;
        long open = memory.connector().open(claimed, params.options().maxMessageSize(), flags);
        if (open == 0) {
            return null;
        }
        return new ShmLink(params.address(), memory.segment(), memory.toListener(), memory.toConnector(),
                memory.connector(), open, memory.listener(), listener,
                ShmParams.strategy(waitCode), params.options().maxMessageSize());
    }
}
