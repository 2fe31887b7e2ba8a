package dev.patchbay.host.cli;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.testing.PluginJars;
import dev.patchbay.sharedmem.posix.Unistd;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;
import dev.patchbay.sharedmem.segment.SegmentFolders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Squatting: "user B" listens at a name and leaves its meeting point open to others (0666), or it simply is B's
 * (simulated by chown to nobody, which needs root); "user A" connecting there must be refused by name, with an exit
 * status of its own, instead of handing B its messages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SquattingTest {
    private static final int NOBODY = 65534;

    private Patchbay host;
    private Acceptor squatter;

    @BeforeEach
    void start() {
        host = Patchbay.start(HostConfig.of(PluginJars.distPlugins())
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(5))));
    }

    @AfterEach
    void stop() {
        if (squatter != null) {
            squatter.close();
        }
        host.close();
    }

    /** Listens on {@code scheme:<random name>} the way the squatter would, and returns the object to hand over. */
    private Path listen(Address address) {
        squatter = host.transportFor(address).transport().listen(address, host.options());
        String name = address.name();
        return switch (address.scheme()) {
            case "shm" -> Path.of("/dev/shm/patchbay-shm." + name);
            case "nshm" -> Path.of("/dev/shm/patchbay-nshm." + name);
            case "fifo" -> RuntimeDirectory.sub("fifo").resolve(name + ".c2s");
            case "mmap" -> SegmentFolders.dataFolder().resolve(name + ".ctl");
            default -> throw new IllegalArgumentException(address.toString());
        };
    }

    private PatchbayException refusedConnect(Address address) {
        PatchbayException refused = catchThrowableOfType(PatchbayException.class,
                () -> host.connect(address.toString()));
        assertThat(refused).as("connecting to a squatted " + address + " must fail").isNotNull();
        assertThat(refused.code()).as(refused.getMessage()).isEqualTo(ErrorCode.FOREIGN_OBJECT);
        assertThat(ExitStatus.of(refused)).isEqualTo(25);
        return refused;
    }

    private static Address randomAddress(String scheme) {
        return Address.parse(scheme + ":squat-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"shm", "nshm", "fifo", "mmap"})
    void aMeetingPointOpenToOtherUsersIsRefusedByName(String scheme) throws Exception {
        Address address = randomAddress(scheme);
        Path object = listen(address);
        Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("rw-rw-rw-"));

        PatchbayException refused = refusedConnect(address);

        assertThat(refused.getMessage()).contains(object.getFileName().toString()).contains("mode 0666")
                .contains("use another name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shm", "nshm", "fifo", "mmap"})
    void aMeetingPointOfAnotherUserIsRefusedByName(String scheme) throws Exception {
        assumeTrue(Unistd.geteuid() == 0, "chown to another user needs root");
        Address address = randomAddress(scheme);
        Path object = listen(address);
        Files.setAttribute(object, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);

        PatchbayException refused = refusedConnect(address);

        assertThat(refused.getMessage()).contains(object.getFileName().toString())
                .contains("belongs to uid " + NOBODY).contains("ask its owner to remove it, or use another name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shm", "nshm"})
    void listeningWhereAnotherUsersSegmentIsSaysWhoseItIs(String scheme) throws Exception {
        assumeTrue(Unistd.geteuid() == 0, "chown to another user needs root");
        Address address = randomAddress(scheme);
        Path object = listen(address);
        Files.setAttribute(object, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);

        PatchbayException refused = catchThrowableOfType(PatchbayException.class,
                () -> host.transportFor(address).transport().listen(address, host.options()).close());

        assertThat(refused).isNotNull();
        assertThat(refused.code()).as(refused.getMessage()).isEqualTo(ErrorCode.FOREIGN_OBJECT);
        assertThat(refused.getMessage()).contains(object.getFileName().toString())
                .contains("belongs to uid " + NOBODY);
    }

    @Test
    void sendToASquattedNameExitsWithItsOwnStatusAndOneLine() throws Exception {
        Address address = randomAddress("shm");
        Path object = listen(address);
        Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("rw-rw-rw-"));
        StringWriter err = new StringWriter();

        int status = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "send",
                address.toString(), "--timeout", "5s", "--plugins-dir", PluginJars.distPlugins().toString());

        assertThat(status).as(err.toString()).isEqualTo(25);
        assertThat(err.toString().strip()).startsWith("patchbay: cannot connect to " + address)
                .contains("/patchbay-shm." + address.name()).contains("mode 0666").doesNotContain("\tat ");
    }
}
