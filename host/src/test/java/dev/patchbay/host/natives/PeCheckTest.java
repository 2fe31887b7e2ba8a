package dev.patchbay.host.natives;

import dev.patchbay.host.module.NativePlatform;
import dev.patchbay.host.testing.NativeFiles;
import dev.patchbay.host.testing.WindowsBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PE checks on the DLLs the build made, and on damaged copies of them written to files: each damage is
 * refused with what is wrong and where.
 */
class PeCheckTest {
    @TempDir
    Path dir;

    /** A DLL the build made; mingw-w64 builds x86-64 DLLs, which only an x86-64 host accepts. */
    static Path built(String fileName) {
        assumeTrue(PeCheck.HOST_MACHINE == 0x8664, "the build's DLLs are x86-64; this host is "
                + System.getProperty("os.arch"));
        return WindowsBuild.file(fileName);
    }

    private Optional<String> check(Path file) throws Exception {
        return LibraryHeaders.problem(NativePlatform.WINDOWS, file.getFileName().toString(),
                Files.readAllBytes(file));
    }

    /** A copy of the built npipe DLL with {@code change} applied to its bytes. */
    private Path damaged(String name, java.util.function.Consumer<ByteBuffer> change) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(built("npipe-1.0.0.dll")))
                .order(ByteOrder.LITTLE_ENDIAN);
        change.accept(b);
        return Files.write(dir.resolve(name), b.array());
    }

    private static int peAt(ByteBuffer b) {
        return b.getInt(PeCheck.LFANEW_AT);
    }

    @Test
    void theBuiltDllsPass() throws Exception {
        assertThat(check(built("npipe-1.0.0.dll"))).isEmpty();
        assertThat(check(built("npipe-1.0.1.dll"))).isEmpty();
    }

    @Test
    void aLinuxLibraryIsNotADll() throws Exception {
        Path so = Files.copy(NativeFiles.nshm(), dir.resolve("nshm-1.0.0.dll"));
        assertThat(check(so)).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("nshm-1.0.0.dll is not a Windows DLL: it has no DOS header (it starts with"
                        + " '\\x7fELF\\x02\\x01\\x01\\x00')"));
    }

    @Test
    void aDllIsNotALinuxLibrary() throws Exception {
        Path dll = built("npipe-1.0.0.dll");
        assertThat(LibraryHeaders.problem(NativePlatform.LINUX, "npipe-1.0.0.so", Files.readAllBytes(dll)))
                .hasValueSatisfying(why -> assertThat(why).startsWith("npipe-1.0.0.so is not a shared library: it"
                        + " has no ELF header (it starts with 'MZ"));
    }

    @Test
    void aBrokenPeSignatureIsNamed() throws Exception {
        Path file = damaged("sig.dll", b -> b.put(peAt(b), (byte) 'N'));
        assertThat(check(file)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("sig.dll is damaged: there is no PE signature at byte "));
    }

    @Test
    void aPeHeaderPastTheEndIsTruncation() throws Exception {
        Path file = damaged("far.dll", b -> b.putInt(PeCheck.LFANEW_AT, b.capacity() - 8));
        assertThat(check(file)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("far.dll is truncated: its DOS header points to a PE header at byte "));
    }

    @Test
    void anotherMachineIsTheWrongArchitecture() throws Exception {
        int other = PeCheck.HOST_MACHINE == 0xaa64 ? 0x8664 : 0xaa64;
        Path file = damaged("arm.dll", b -> b.putShort(peAt(b) + 4, (short) other));
        assertThat(check(file)).hasValueSatisfying(why -> assertThat(why)
                .contains("arm.dll is built for ").contains("(PE machine 0x" + Integer.toHexString(other) + ")")
                .endsWith("wrong architecture, rebuild it for this machine"));
    }

    @Test
    void aProgramIsNotADll() throws Exception {
        Path file = damaged("program.dll", b -> {
            int flags = peAt(b) + 4 + 18;
            b.putShort(flags, (short) (b.getShort(flags) & ~0x2000));
        });
        assertThat(check(file)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("program.dll is a PE file but not a DLL (characteristics 0x")
                .endsWith("); link it with -shared"));
    }

    @Test
    void aWidthOtherThanTheHostsIsRefused() throws Exception {
        Path file = damaged("pe32.dll", b -> b.putShort(peAt(b) + 24, (short) PeCheck.PE32));
        assertThat(check(file)).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("pe32.dll is damaged: its optional header says PE32 (32-bit) where a DLL for x86-64"
                        + " (PE machine 0x8664) is PE32+ (64-bit)"));
    }

    @Test
    void thePlatformDecidesTheLibraryFileName() {
        assertThat(NativePlatform.of("Linux").libraryExtension()).isEqualTo("so");
        assertThat(NativePlatform.of("Windows Server 2022").libraryExtension()).isEqualTo("dll");
        assertThat(NativePlatform.of("Mac OS X").libraryExtension()).isEqualTo("dylib");
        assertThat(NativePlatform.of("FreeBSD")).isEqualTo(NativePlatform.LINUX);
        assertThat(NativePlatform.current()).isEqualTo(NativePlatform.LINUX);
    }
}
