package dev.patchbay.host.natives;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.api.testkit.PeerMain;
import dev.patchbay.api.testkit.PeerProcess;
import dev.patchbay.sharedmem.janitor.Janitor;
import dev.patchbay.sharedmem.janitor.Resource;
import dev.patchbay.sharedmem.janitor.ResourceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What a crashed nshm listener leaves: a segment with the Patchbay header, owned by a dead process, which a
 * connector does not take for a listener, the janitor lists and collects, and a new listener on the same name
 * replaces; a live listener's name is refused.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NshmLeftoverTest {

    /** The segment header's magic once its creator has published it (PROTOCOL.md, "nshm link"). */
    private static final byte[] PUBLISHED = "PATCHBAY".getBytes(StandardCharsets.US_ASCII);

    /**
     * Starts a listener JVM on nshm:{@code name} and kills it with SIGKILL once its segment is published: killed
     * while still creating it, it leaves a segment a connector rightly calls unpublished, not a dead listener's.
     */
    private static Path leftover(String name) throws Exception {
        Path segment = Path.of("/dev/shm/patchbay-nshm." + name);
        Process listener = PeerProcess.start(PeerMain.class, NshmPeerTransport.class.getName(), "listen",
                "nshm:" + name, "hold");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> published(segment));
        } finally {
            listener.destroyForcibly();
            listener.onExit().get(10, TimeUnit.SECONDS);
        }
        return segment;
    }

    private static boolean published(Path segment) {
        try (InputStream in = Files.newInputStream(segment)) {
            return Arrays.equals(in.readNBytes(PUBLISHED.length), PUBLISHED);
        } catch (IOException e) {
            return false; // not there yet
        }
    }

    private static String name() {
        return "leftover-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theJanitorListsAndCollectsWhatADeadListenerLeft() throws Exception {
        String name = name();
        Path segment = leftover(name);
        assertThatThrownBy(() -> new NshmPeerTransport().connect(Address.parse("nshm:" + name),
                LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofMillis(300))))
                .isInstanceOf(OpenTimeoutException.class)
                .hasMessageContaining("left behind by a listener that is gone (run: patchbay segments gc)");
        Janitor janitor = new Janitor();

        Resource found = janitor.find("nshm." + name).stream().findFirst().orElseThrow();
        assertThat(found.kind()).isEqualTo(ResourceKind.POSIX);
        assertThat(found.ours()).isTrue();
        assertThat(found.isLeftover()).isTrue();
        janitor.gc(); // a build running beside this one may collect it first: either way it must be gone
        assertThat(segment).doesNotExist();
    }

    @Test
    void aNewListenerReplacesALeftoverButNotALiveListener() throws Exception {
        String name = name();
        Path segment = leftover(name);
        NshmPeerTransport transport = new NshmPeerTransport();
        LinkOptions quick = LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofMillis(200));
        try (Acceptor acceptor = transport.listen(Address.parse("nshm:" + name), quick)) {
            assertThat(acceptor.address().name()).isEqualTo(name);
            assertThat(new Janitor().find("nshm." + name)).singleElement()
                    .satisfies(r -> assertThat(r.ownerPid()).isEqualTo(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> transport.listen(Address.parse("nshm:" + name), quick))
                    .isInstanceOf(TransportIoException.class)
                    .hasMessageContaining("already being listened on by process " + ProcessHandle.current().pid());
        }
        assertThat(segment).doesNotExist();
    }
}
