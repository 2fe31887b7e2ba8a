package dev.patchbay.transport.fifo;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.RuntimeFolders;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.posix.Poll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is particular to fifos: names, modes, timeouts, leftovers. */
class FifoTransportTest {
    private final FifoTransport transport = new FifoTransport();
    private final LinkOptions quick = LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofMillis(300));
    private final String name = "fifo-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path dir = RuntimeFolders.folder("fifo");

    @Test
    void createsFifosOwnerOnlyInAPrivateFolderAndUnlinksThemOnceConnected() throws Exception {
        Address address = Address.parse("fifo:" + name);
        try (Acceptor acceptor = transport.listen(address, LinkOptions.DEFAULTS)) {
            Path c2s = dir.resolve(name + ".c2s");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c2s))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name + ".s2c"))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");

            CompletableFuture<Link> connector = CompletableFuture.supplyAsync(
                    () -> transport.connect(address, LinkOptions.DEFAULTS));
            try (Link server = acceptor.accept(Duration.ofSeconds(5));
                 Link client = connector.get(5, TimeUnit.SECONDS)) {
                assertThat(Files.exists(c2s)).isFalse();
                assertThat(Files.exists(dir.resolve(name + ".owner"))).isFalse();
                client.send(ByteBuffer.wrap("hello".getBytes()));
                String[] got = new String[1];
                server.receive(m -> {
                    byte[] b = new byte[m.remaining()];
                    m.get(b);
                    got[0] = new String(b);
                }, 1, Duration.ofSeconds(5));
                assertThat(got[0]).isEqualTo("hello");
            }
        }
    }

    /**
     * A host waits for many idle links in one poll(2): the link's descriptor must be quiet while nothing is in the
     * medium, and readable as soon as a message, or the peer's close, is.
     */
    @Test
    void theReadinessDescriptorIsReadableExactlyWhenSomethingCame() throws Exception {
        Address address = Address.parse("fifo:" + name);
        try (Acceptor acceptor = transport.listen(address, LinkOptions.DEFAULTS)) {
            CompletableFuture<Link> connector = CompletableFuture.supplyAsync(
                    () -> transport.connect(address, LinkOptions.DEFAULTS));
            try (Link server = acceptor.accept(Duration.ofSeconds(5))) {
                Link client = connector.get(5, TimeUnit.SECONDS);
                int fd = server.readinessFd().orElseThrow();
                assertThat(client.readinessFd()).isPresent();
                assertThat(pollIn(fd, 0)).isZero();

                client.send(ByteBuffer.wrap("wake".getBytes()));
                assertThat(pollIn(fd, 5000) & Poll.POLLIN).isNotZero();
                assertThat(server.receive(m -> { }, 10, 0L)).isEqualTo(1);
                assertThat(pollIn(fd, 0)).isZero();

                client.close();
                assertThat(pollIn(fd, 5000) & (Poll.POLLIN | Poll.POLLHUP)).isNotZero();
            }
        }
    }

    /** poll(2) on one descriptor for POLLIN; the revents. */
    private static int pollIn(int fd, int timeoutMillis) {
        try (Memory pollfd = new Memory(Poll.POLLFD_SIZE)) {
            pollfd.setInt(0, fd);
            pollfd.setShort(4, (short) Poll.POLLIN);
            pollfd.setShort(6, (short) 0);
            int n = Poll.poll(Pointer.nativeValue(pollfd), 1, timeoutMillis);
            return n == 0 ? 0 : pollfd.getShort(6);
        }
    }

    @Test
    void connectWithoutAListenerTimesOutNamingThePath() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.connect(Address.parse("fifo:" + name), quick))
                .isInstanceOf(OpenTimeoutException.class)
                .hasMessageContaining(dir.resolve(name + ".c2s").toString())
                .hasMessageContaining("patchbay listen fifo:" + name);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void acceptWithoutAPeerTimesOutNamingThePathAndCleansUp() {
        Acceptor acceptor = transport.listen(Address.parse("fifo:" + name), quick);
        assertThatThrownBy(() -> acceptor.accept(Duration.ofMillis(200)))
                .isInstanceOf(OpenTimeoutException.class)
                .hasMessageContaining(dir.resolve(name + ".s2c").toString());
        acceptor.close();
        acceptor.close();
        assertThat(Files.exists(dir.resolve(name + ".c2s"))).isFalse();
        assertThat(Files.exists(dir.resolve(name + ".owner"))).isFalse();
    }

    @Test
    void refusesNamesThatLeaveTheFolder() {
        assertThatThrownBy(() -> transport.listen(Address.parse("fifo:../escape"), quick))
                .isInstanceOf(AddressException.class).hasMessageContaining("'..' is not allowed");
        assertThatThrownBy(() -> transport.listen(Address.parse("fifo:/etc/passwd"), quick))
                .isInstanceOf(AddressException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> transport.connect(Address.parse("fifo:a/b"), quick))
                .isInstanceOf(AddressException.class).hasMessageContaining("plain name");
    }

    @Test
    void refusesASecondListenerOnALiveName() {
        try (Acceptor first = transport.listen(Address.parse("fifo:" + name), quick)) {
            assertThatThrownBy(() -> transport.listen(Address.parse("fifo:" + name), quick))
                    .isInstanceOf(TransportIoException.class)
                    .hasMessageContaining("already being listened on by process " + ProcessHandle.current().pid());
            assertThat(first.address().toString()).isEqualTo("fifo:" + name);
        }
    }

    @Test
    void reclaimsWhatADeadListenerLeftBehind() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(dir.resolve(name + ".owner"), "pid=" + dead.pid() + "\nstart=1\n");
        try (Acceptor acceptor = transport.listen(Address.parse("fifo:" + name), quick)) {
            assertThat(Files.readString(dir.resolve(name + ".owner")))
                    .contains("pid=" + ProcessHandle.current().pid());
            assertThat(acceptor.address().name()).isEqualTo(name);
        }
    }
}
