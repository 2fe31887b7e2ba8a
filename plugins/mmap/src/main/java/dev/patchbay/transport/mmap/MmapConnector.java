package dev.patchbay.transport.mmap;

import dev.patchbay.api.Link;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.sync.PeerSlot;

import java.util.concurrent.locks.LockSupport;

/**
 * The connecting side of an mmap link: waits (up to the open timeout) for a control file whose slot A a live
 * listener holds open, takes slot B, opens the b2a log for writing (recovering its end) and the a2b log for
 * reading at this side's saved position, then opens slot B.
 */
final class MmapConnector {
    private static final long MAX_STEP_NANOS = 20_000_000;

    private MmapConnector() {
    }

    static Link connect(MmapParams params) {
        LogFiles files = new LogFiles(params.name());
        long deadline = System.nanoTime() + params.options().openTimeout().toNanos();
        long step = 100_000;
        String problem = "it does not exist";
        while (true) {
            ControlFile control = ControlFile.openExisting(files);
            if (control != null) {
                long listener = control.listener().word();
                problem = refusal(control, listener);
                if (problem == null) {
                    Link link = join(params, files, control, listener);
                    if (link != null) {
                        return link;
                    }
                    problem = "another peer is connected to it";
                }
                control.close();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new OpenTimeoutException("no mmap listener at " + files.path(files.control()) + " within "
                        + params.options().openTimeout().toMillis() + " ms (" + problem + "); start the other side"
                        + " with: patchbay listen " + params.shared());
            }
            LockSupport.parkNanos(Math.min(left, step));
            step = Math.min(step * 2, MAX_STEP_NANOS);
        }
    }

    private static String refusal(ControlFile control, long listener) {
        if (PeerSlot.state(listener) != PeerSlot.OPEN) {
            return "its listener is " + PeerSlot.describe(listener);
        }
        if (!control.listener().isHeld(listener)) {
            return "its listener, process " + PeerSlot.pid(listener) + ", is gone; start it again";
        }
        return null;
    }

    /** Takes slot B, opens both logs and slot B; null if another connector holds slot B. */
    private static Link join(MmapParams params, LogFiles files, ControlFile control, long listener) {
        long claimed = control.connector().claim(ProcessIdentity.current());
        if (claimed == PeerSlot.HELD || claimed == PeerSlot.RETIRED_SLOT) {
            return null;
        }
        LogWriter writer = null;
        try {
            writer = LogWriter.open(files, LogFiles.B2A, params, control);
            LogReader reader = LogReader.open(files, LogFiles.A2B, params, control,
                    params.options().maxMessageSize());
            int flags = params.sleeps() ? PeerSlot.FLAG_WAKE_ME : 0;
            long open = control.connector().open(claimed, params.options().maxMessageSize(), flags);
            if (open == 0) {
                reader.close();
                writer.close();
                return null;
            }
            return new MmapLink(params, files, control, writer, reader, false, open, listener);
        } catch (RuntimeException | Error e) {
            if (writer != null) {
                writer.close();
            }
            control.connector().close(claimed);
            control.close();
            throw e;
        }
    }
}
