package dev.patchbay.host.natives;

import dev.patchbay.api.testkit.Corruption;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.ring.MessageRecords;
import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.Doorbell;
import dev.patchbay.sharedmem.sync.WaitStrategy;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A peer that meets an nshm listener by hand, in Java, from docs/PROTOCOL.md ("nshm link") and the shared-mem
 * library alone, and then writes bad records instead of messages: {@code <name> <corruption>}. BAD_CHECKSUM
 * becomes a record of a type that is no message (shared memory has no checksums), LENGTH_PAST_LIMIT a first
 * fragment that announces a message past the listener's limit.
 */
public final class NshmRawPeer {
    private static final int STATE = 8;
    private static final int CAPACITY = 12;
    private static final int LISTENER_CLOSED = 20;
    private static final int CONNECTOR_CLOSED = 24;
    private static final int CONNECTOR_PID = 48;
    private static final int ACCEPT_BELL = 64;
    private static final int RINGS = 256;

    private NshmRawPeer() {
    }

    public static void main(String[] args) throws Exception {
        try (Segment segment = Segment.open(SegmentSpec.posix("nshm." + args[0], OpenMode.OPEN_EXISTING, 0))) {
            Region data = segment.data();
            ByteBuffer b = data.buffer();
            int control = data.offset();
            if (!MemoryViews.INT.compareAndSet(b, control + STATE, 0, 1)) {
                throw new IllegalStateException("the listener is taken");
            }
            ProcessIdentity me = ProcessIdentity.current();
            b.putLong(control + CONNECTOR_PID, me.pid());
            b.putLong(control + CONNECTOR_PID + 8, me.startTime());
            MemoryViews.INT.setRelease(b, control + STATE, 2);
            Doorbell.at(data.slice(ACCEPT_BELL, Doorbell.LENGTH)).ring();

            int capacity = b.getInt(control + CAPACITY);
            int ringLength = 640 + capacity;
            RingBuffer toListener = RingBuffer.attach(data.slice(RINGS + ringLength, ringLength));
            if (Corruption.valueOf(args[1]) == Corruption.BAD_CHECKSUM) {
                byte[] text = "a record of a type nshm does not know".getBytes(StandardCharsets.UTF_8);
                toListener.offer(9, ByteBuffer.wrap(text), 0, text.length);
            } else {
                // Its links take 2 MiB: a first fragment announcing 4 MiB must be refused before the rest comes.
                ByteBuffer first = ByteBuffer.allocate(toListener.maxMessageLength()).order(ByteOrder.LITTLE_ENDIAN);
                first.putInt(0, 4 << 20);
                toListener.offer(MessageRecords.FIRST, first, 0, first.capacity(), WaitStrategy.backoff(),
                        Duration.ofSeconds(5));
            }
            // Hold the link until the listener has seen the bad records and closed (or gave up on us).
            try {
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                        .until(() -> (int) MemoryViews.INT.getAcquire(b, control + LISTENER_CLOSED) != 0);
            } catch (ConditionTimeoutException e) {
                // Close our side anyway: the listener's test reports what it missed.
            }
            MemoryViews.INT.setRelease(b, control + CONNECTOR_CLOSED, 1);
        }
    }
}
