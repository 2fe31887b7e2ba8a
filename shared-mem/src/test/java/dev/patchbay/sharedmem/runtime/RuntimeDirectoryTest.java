package dev.patchbay.sharedmem.runtime;

import dev.patchbay.api.RuntimeFolders;
import dev.patchbay.sharedmem.NotOwnedException;
import dev.patchbay.sharedmem.SharedMemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void theFoldersAreThoseOfThePluginApi() {
        assertThat(RuntimeDirectory.root()).isEqualTo(RuntimeFolders.root());
        assertThat(RuntimeDirectory.sub("fifo")).isEqualTo(RuntimeFolders.folder("fifo"));
    }

    @Test
    void aFolderThatIsNotOursIsRefusedAsNotOwned() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);

        assertThatThrownBy(() -> RuntimeDirectory.ensurePrivate(link)).isInstanceOf(NotOwnedException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void aFolderThatCannotBeMadeIsASharedMemException() throws Exception {
        Path file = Files.createFile(tmp.resolve("file"));

        assertThatThrownBy(() -> RuntimeDirectory.ensurePrivate(file.resolve("below")))
                .isInstanceOf(SharedMemException.class).isNotInstanceOf(NotOwnedException.class)
                .hasMessageContaining("cannot prepare runtime folder");
    }
}
