package dev.patchbay.sharedmem.segment;

import dev.patchbay.sharedmem.Names;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is refused before any system call, and how it is said. */
class BadInputTest {

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void zeroAndNegativeSizesAreRefused(long size) {
        assertThatThrownBy(() -> SegmentSpec.posix("ok", OpenMode.CREATE_NEW, size))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size=" + size).hasMessageContaining("must be positive");
    }

    @Test
    void hugeSizesAreRefusedWithTheLimit() {
        assertThatThrownBy(() -> SegmentSpec.sysv("ok", OpenMode.OPEN_OR_CREATE, 3L << 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size=" + (3L << 30)).hasMessageContaining("at most " + SegmentSpec.MAX_SIZE);
        assertThat(SegmentSpec.posix("ok", OpenMode.CREATE_NEW, SegmentSpec.MAX_SIZE).totalSize())
                .isLessThanOrEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "/abs", "..", "x..y", ".hidden", "-opt", "sp ace", "ü", ""})
    void badNamesAreRefusedSayingWhy(String name) {
        assertThatThrownBy(() -> SegmentSpec.posix(name, OpenMode.CREATE_NEW, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThat(Names.isValid(name)).isFalse();
    }

    @Test
    void theMessagesNameTheRule() {
        assertThatThrownBy(() -> Names.validate("a/b")).hasMessageContaining("must not contain '/'");
        assertThatThrownBy(() -> Names.validate("a..b")).hasMessageContaining("must not contain '..'");
        assertThatThrownBy(() -> Names.validate("x".repeat(64))).hasMessageContaining("limit is 63");
        assertThat(Names.validate("orders-ring.v2_1")).isEqualTo("orders-ring.v2_1");
    }

    @Test
    void mappedFilesOutsideOurFoldersAreRefused() {
        assertThatThrownBy(() -> SegmentSpec.file(Path.of("/tmp/elsewhere"), OpenMode.CREATE_NEW, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside Patchbay's folders");
        Path sneaky = SegmentFolders.runtimeFiles().resolve("../../etc-passwd");
        assertThatThrownBy(() -> SegmentSpec.file(sneaky, OpenMode.CREATE_NEW, 4096))
                .hasMessageContaining("'..'");
        SegmentSpec ok = SegmentSpec.persistentFile("journal", OpenMode.OPEN_OR_CREATE, 4096);
        assertThat(ok.persistent()).isTrue();
        assertThat(SegmentSpec.runtimeFile("scratch", OpenMode.OPEN_OR_CREATE, 4096).persistent()).isFalse();
    }

    @Test
    void theSystemVKeyIsTheDocumentedHash() {
        // FNV-1a 32 of "/patchbay-orders", computed independently.
        assertThat(SysVKey.hex(SysVKey.of("orders"))).isEqualTo(fnv1a("/patchbay-orders")).isEqualTo("0x2fa5d78e");
    }

    private static String fnv1a(String s) {
        long h = 0x811c9dc5L;
        for (char c : s.toCharArray()) {
            h = ((h ^ c) * 0x01000193L) & 0xFFFF_FFFFL;
        }
        return String.format("0x%08x", h);
    }
}
