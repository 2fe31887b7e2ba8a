package dev.patchbay.transport.aeron;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Addresses, the media driver's folder, and the forms the contract suite does not cover, within one process. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AeronTransportTest {
    private static final LinkOptions OPTIONS = LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(20))
            .withMaxMessageSize(1 << 20);
    private final AeronTransport transport = new AeronTransport();

    @Test
    void explicitEndpointsCarryMessagesBothWays() throws Exception {
        roundTrip(Address.parse(LoopbackPorts.udpAddress()));
    }

    @Test
    void ipcCarriesMessagesBothWaysThroughOneDriver() throws Exception {
        roundTrip(Address.parse("aeron:ipc?stream=" + (4000 + ProcessHandle.current().pid() % 1000)));
    }

    @Test
    void anExternalDriverNamedByAeronDirIsUsedAndLeftRunning() throws Exception {
        Path external = Files.createTempDirectory(Rendezvous.folder(), "external-");
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(external.toString())
                .threadingMode(ThreadingMode.SHARED).dirDeleteOnShutdown(true))) {
            roundTrip(Address.parse("aeron:ipc?stream=77&aeron.dir=" + external));
            assertThat(driverDirs()).as("no embedded driver was started").isEmpty();
            assertThat(external.resolve("cnc.dat")).as("the external driver still runs").exists();
            assertThat(driver.aeronDirectoryName()).isEqualTo(external.toString());
        }
    }

    @Test
    void refusesAddressesThatWouldLeaveLoopbackOrAreIncomplete() {
        for (String bad : List.of("aeron:udp?endpoint=127.0.0.1:4000", "aeron:udp?endpoint=example.org:1&control="
                + "127.0.0.1:2", "aeron:udp?endpoint=127.0.0.1:0&control=127.0.0.1:2", "aeron:udp?endpoint="
                + "127.0.0.1:5&control=127.0.0.1:5", "aeron:orders?endpoint=127.0.0.1:5", "aeron:udp?port=5")) {
            assertThatThrownBy(() -> transport.listen(Address.parse(bad), OPTIONS)).as(bad)
                    .isInstanceOf(AddressException.class);
        }
    }

    @Test
    void theEmbeddedDriverFolderIsPrivateWhileInUseAndGoneAfter() throws Exception {
        Address address = Address.parse("aeron:private-" + ProcessHandle.current().pid());
        Path driverDir;
        try (Acceptor acceptor = transport.listen(address, OPTIONS)) {
            assertThat(acceptor.address()).isEqualTo(address);
            List<Path> dirs = driverDirs();
            assertThat(dirs).hasSize(1);
            driverDir = dirs.get(0);
            assertThat(mode(driverDir)).isEqualTo("rwx------");
            assertThat(mode(driverDir.resolve("cnc.dat"))).isEqualTo("rw-------");
            assertThat(mode(Rendezvous.folder().resolve(address.name() + Rendezvous.PORTS_SUFFIX)))
                    .isEqualTo("rw-------");
        }
        assertThat(driverDir).doesNotExist();
        assertThat(Rendezvous.folder().resolve(address.name() + Rendezvous.PORTS_SUFFIX)).doesNotExist();
    }

    @Test
    void theFolderOfADriverWhoseProcessDiedIsRemovedByTheNextDriver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        ProcessIdentity dead = ProcessIdentity.of(gone.pid()).orElse(new ProcessIdentity(gone.pid(), 1));
        gone.waitFor(10, TimeUnit.SECONDS);
        Path leftover = Rendezvous.folder().resolve(DriverDirs.PREFIX + dead.pid() + "-" + dead.startTime()
                + "-0badc0de");
        Files.createDirectories(leftover.resolve("publications"));
        Files.writeString(leftover.resolve("cnc.dat"), "left behind");
        Path live = DriverDirs.newDir();
        Files.createDirectories(live);
        Address address = Address.parse("aeron:gc-" + ProcessHandle.current().pid());
        try (Acceptor acceptor = transport.listen(address, OPTIONS)) {
            assertThat(acceptor.address()).isEqualTo(address);
            assertThat(leftover).doesNotExist();
            assertThat(live).as("a folder of this (live) process stays").exists();
        } finally {
            DriverDirs.deleteTree(live);
        }
    }

    private void roundTrip(Address address) throws Exception {
        try (Acceptor acceptor = transport.listen(address, OPTIONS)) {
            CompletableFuture<Link> connected = CompletableFuture.supplyAsync(() -> transport.connect(address,
                    OPTIONS));
            try (Link listener = acceptor.accept(Duration.ofSeconds(20));
                 Link connector = connected.get(20, TimeUnit.SECONDS)) {
                byte[] big = new byte[300_000];
                big[299_999] = 7;
                listener.send(ByteBuffer.wrap(big));
                connector.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                assertThat(receiveOne(connector)).isEqualTo(big);
                assertThat(receiveOne(listener)).containsExactly(1, 2, 3);
            }
        }
    }

    private static byte[] receiveOne(Link link) {
        byte[][] got = new byte[1][];
        assertThat(link.receive(m -> {
            got[0] = new byte[m.remaining()];
            m.get(got[0]);
        }, 1, Duration.ofSeconds(10))).isEqualTo(1);
        return got[0];
    }

    private static List<Path> driverDirs() throws Exception {
        String mine = DriverDirs.PREFIX + ProcessHandle.current().pid() + "-";
        try (Stream<Path> all = Files.list(Rendezvous.folder())) {
            return all.filter(p -> p.getFileName().toString().startsWith(mine)).toList();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
