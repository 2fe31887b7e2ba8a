package dev.patchbay.host.natives;

import dev.patchbay.host.module.NativePlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Copies of the built npipe DLL cut short at each part of its layout, or with a section pointing past the end,
 * are refused as truncated, naming the part; the offsets come from the real file's own headers.
 */
class PeLayoutTest {
    @TempDir
    Path dir;

    private byte[] whole() throws Exception {
        return Files.readAllBytes(PeCheckTest.built("npipe-1.0.0.dll"));
    }

    /** The file's parts as its headers place them. */
    private record Parts(int peAt, int optionalEnd, int sections, long firstRawAt, long symbols) {
        static Parts of(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int peAt = b.getInt(PeCheck.LFANEW_AT);
            int optionalEnd = peAt + 4 + PeCheck.COFF_HEADER + Short.toUnsignedInt(b.getShort(peAt + 4 + 16));
            return new Parts(peAt, optionalEnd, Short.toUnsignedInt(b.getShort(peAt + 6)),
                    Integer.toUnsignedLong(b.getInt(optionalEnd + 20)), Integer.toUnsignedLong(b.getInt(peAt + 12)));
        }
    }

    /** Writes the first {@code length} bytes to a file and checks what is read back from it. */
    private Optional<String> cut(byte[] whole, int length) throws Exception {
        Path file = Files.write(dir.resolve("cut-" + length + ".dll"), Arrays.copyOf(whole, length));
        return LibraryHeaders.problem(NativePlatform.WINDOWS, file.getFileName().toString(),
                Files.readAllBytes(file));
    }

    @Test
    void aCutInEachPartIsNamed() throws Exception {
        byte[] whole = whole();
        Parts p = Parts.of(whole);
        assertThat(cut(whole, 40)).hasValue("cut-40.dll is truncated: it is 40 bytes, shorter than its DOS header"
                + " (64 bytes)");
        assertThat(cut(whole, p.peAt() + 8)).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("cut-" + (p.peAt() + 8) + ".dll is truncated: its DOS header points to a PE header at"
                        + " byte " + p.peAt() + ", past the file's end " + (p.peAt() + 8)));
        assertThat(cut(whole, p.optionalEnd() - 8)).hasValueSatisfying(why -> assertThat(why)
                .contains("is truncated: its optional header ends at byte " + p.optionalEnd()));
        assertThat(cut(whole, p.optionalEnd() + 40)).hasValueSatisfying(why -> assertThat(why)
                .contains("is truncated: its section table ends at byte " + (p.optionalEnd() + p.sections() * 40)));
        int inFirstSection = (int) p.firstRawAt() + 16;
        assertThat(cut(whole, inFirstSection)).hasValueSatisfying(why -> assertThat(why)
                .contains("is truncated: section 0 (.text) covers bytes " + p.firstRawAt() + " to "));
    }

    @Test
    void theLastByteMissingIsTruncation() throws Exception {
        byte[] whole = whole();
        assertThat(Parts.of(whole).symbols()).as("mingw-w64 keeps a symbol table unless stripped").isNotZero();
        assertThat(cut(whole, whole.length - 1)).hasValueSatisfying(why -> assertThat(why)
                .contains("is truncated: its string table ends at byte " + whole.length));
    }

    @Test
    void aSectionPointingPastTheEndIsNamed() throws Exception {
        byte[] bytes = whole();
        Parts p = Parts.of(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int second = p.optionalEnd() + 40;
        b.putInt(second + 20, bytes.length - 4);
        Path file = Files.write(dir.resolve("far-section.dll"), bytes);
        assertThat(LibraryHeaders.problem(NativePlatform.WINDOWS, "far-section.dll", Files.readAllBytes(file)))
                .hasValueSatisfying(why -> assertThat(why).startsWith("far-section.dll is truncated: section 1"
                        + " (.data) covers bytes " + (bytes.length - 4) + " to "));
    }

    @Test
    void noSectionsIsDamage() throws Exception {
        byte[] bytes = whole();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(Parts.of(bytes).peAt() + 6, (short) 0);
        Path file = Files.write(dir.resolve("empty.dll"), bytes);
        assertThat(LibraryHeaders.problem(NativePlatform.WINDOWS, "empty.dll", Files.readAllBytes(file)))
                .hasValue("empty.dll is damaged: it has 0 sections, where a DLL has 1 to 96");
    }
}
