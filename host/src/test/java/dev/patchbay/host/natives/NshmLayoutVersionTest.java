package dev.patchbay.host.natives;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An nshm link of layout 1.x fragmented long messages another way than 2.0 does, so a connector refuses a listener
 * of another major version by name instead of misreading its fragments later.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NshmLayoutVersionTest {
    /** Where the control block (at the start of the data area) keeps its major version (docs/PROTOCOL.md). */
    private static final int CONTROL_MAJOR = 4;

    @Test
    void aConnectorRefusesAListenerOfLayoutOneWithBothVersionsInTheMessage() {
        String name = "layout-" + UUID.randomUUID().toString().substring(0, 8);
        Address address = Address.parse("nshm:" + name);
        NshmPeerTransport transport = new NshmPeerTransport();
        Acceptor acceptor = transport.listen(address, LinkOptions.DEFAULTS);
        try (Segment segment = Segment.open(SegmentSpec.posix("nshm." + name, OpenMode.OPEN_EXISTING, 0))) {
            Region data = segment.data();
            data.buffer().putShort(data.offset() + CONTROL_MAJOR, (short) 1);

            assertThatThrownBy(() -> transport.connect(address,
                    LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(5))))
                    .isInstanceOf(TransportIoException.class)
                    .hasMessageContaining("patchbay-nshm." + name)
                    .hasMessageContaining("incompatible layout 1.0")
                    .hasMessageContaining("reads layout 2.x");
        } finally {
            acceptor.close();
        }
    }
}
