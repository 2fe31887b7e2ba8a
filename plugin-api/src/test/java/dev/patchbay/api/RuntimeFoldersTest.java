package dev.patchbay.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RuntimeFoldersTest {
    /** The conventional uid of nobody: any uid but ours makes the folder foreign. */
    private static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    @Test
    void theRootIsTheConfiguredFolderMadePrivate() throws Exception {
        // Surefire names the root inside target/ for every test JVM of the build.
        String configured = System.getProperty(RuntimeFolders.PROPERTY);
        assumeTrue(configured != null, "the build sets " + RuntimeFolders.PROPERTY);

        Path root = RuntimeFolders.root();

        assertThat(root).isEqualTo(Path.of(configured).toAbsolutePath().normalize());
        assertThat(mode(root)).isEqualTo("rwx------");
    }

    @Test
    void aPluginFolderIsCreatedOwnerOnlyUnderTheRoot() throws Exception {
        Path folder = RuntimeFolders.folder("uds-test");

        assertThat(folder).isEqualTo(RuntimeFolders.root().resolve("uds-test"));
        assertThat(Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(mode(folder)).isEqualTo("rwx------");
        assertThat(Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(RuntimeFolders.currentUid());
    }

    @Test
    void folderIdsThatCouldLeaveTheRootAreRefused() {
        for (String id : new String[] {"..", "a/b", "../fifo", "a..b", "/fifo", ".hidden", "", "x".repeat(65)}) {
            assertThatThrownBy(() -> RuntimeFolders.folder(id)).as(id)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + id + "' is not a plain name")
                    .hasMessageContaining("use the plugin id or scheme");
        }
        assertThatThrownBy(() -> RuntimeFolders.folder(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingParentsAreCreatedToo() throws Exception {
        Path dir = tmp.resolve("a/b/c");

        assertThat(RuntimeFolders.ensurePrivate(dir)).isEqualTo(dir);

        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void aFolderOfOursOpenToOthersIsNarrowedBack() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("wide"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        RuntimeFolders.ensurePrivate(dir);

        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void aSymbolicLinkIsRefusedEvenToAFolderOfOurs() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("real"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);

        PatchbayException refused = catchThrowableOfType(PatchbayException.class,
                () -> RuntimeFolders.ensurePrivate(link));

        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.FOREIGN_OBJECT);
        assertThat(refused.getMessage()).contains(link.toString()).contains("symbolic link")
                .contains("remove it, or set PATCHBAY_RUNTIME_DIR");
        assertThat(Files.isSymbolicLink(link)).as("the link is left alone").isTrue();
    }

    @Test
    void aPlainFileIsRefused() throws Exception {
        Path file = Files.createFile(tmp.resolve("file"));

        assertThatThrownBy(() -> RuntimeFolders.ensurePrivate(file)).isInstanceOf(PatchbayException.class)
                .hasMessageContaining("not a folder");
    }

    @Test
    void anotherUsersFolderIsRefusedAndLeftAsItIs() throws Exception {
        assumeTrue(RuntimeFolders.currentUid() == 0, "chown to another user needs root");
        Path dir = Files.createDirectory(tmp.resolve("theirs"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(dir, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);

        PatchbayException refused = catchThrowableOfType(PatchbayException.class,
                () -> RuntimeFolders.ensurePrivate(dir));

        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.FOREIGN_OBJECT);
        assertThat(refused.getMessage()).contains(dir.toString()).contains("belongs to uid " + NOBODY)
                .contains("not to you (uid 0)").contains("set PATCHBAY_RUNTIME_DIR");
        assertThat(mode(dir)).as("someone else's folder is not touched").isEqualTo("rwxrwxrwx");
    }

    @Test
    void theUidIsTheEffectiveOneTheKernelReports() throws Exception {
        String euid = Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[2];

        assertThat(RuntimeFolders.currentUid()).isEqualTo(Integer.parseInt(euid));
    }

    @Test
    void aSocketPathIsTheNameWithSockInTheFolder() {
        Path socket = RuntimeFolders.socketPath(tmp, Address.parse("uds:orders"));

        assertThat(socket).isEqualTo(tmp.toAbsolutePath().normalize().resolve("orders.sock"));
    }

    @Test
    void aSocketPathPastSunPathIsRefusedWithTheLimitAndWhatToDo() {
        Path folder = Path.of("/run/patchbay-test");
        // 19 bytes of folder and slash, 5 of ".sock": a name of 83 makes 107 bytes, 84 makes 108.
        String fits = "n".repeat(107 - folder.toString().length() - 1 - ".sock".length());
        Path socket = RuntimeFolders.socketPath(folder, Address.parse("uds:" + fits));
        assertThat(socket.toString().getBytes(StandardCharsets.UTF_8)).hasSize(RuntimeFolders.MAX_SOCKET_PATH_BYTES);

        Address tooLong = Address.parse("uds:" + fits + "n");
        assertThatThrownBy(() -> RuntimeFolders.socketPath(folder, tooLong))
                .isInstanceOf(AddressException.class)
                .hasMessageContaining("address '" + tooLong + "'")
                .hasMessageContaining("108 bytes long")
                .hasMessageContaining("holds at most 107 bytes")
                .hasMessageContaining("use a shorter name, or a shorter runtime folder through PATCHBAY_RUNTIME_DIR");
    }

    @Test
    void aSocketPathOutsideTheFolderIsRefused() {
        assertThatThrownBy(() -> RuntimeFolders.socketPath(tmp, Address.parse("uds:/etc/orders")))
                .isInstanceOf(AddressException.class)
                .hasMessageContaining("points outside");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
