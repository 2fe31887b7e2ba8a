package dev.patchbay.host.natives;

import dev.patchbay.host.module.NativePlatform;

import java.util.Optional;

/**
 * The header checks a native module gets before any loader sees it, by the platform's library format: ELF on
 * Linux, PE on Windows. Mach-O (macOS) is not checked: there the dynamic loader has the only word.
 */
final class LibraryHeaders {
    private LibraryHeaders() {
    }

    /** Why {@code bytes} cannot be a library for {@code platform}, naming {@code fileName}; empty if they may be. */
    static Optional<String> problem(NativePlatform platform, String fileName, byte[] bytes) {
        return switch (platform) {
            case LINUX -> ElfCheck.problem(fileName, bytes).or(() -> ElfLayout.problem(fileName, bytes));
            case WINDOWS -> PeCheck.problem(fileName, bytes).or(() -> PeLayout.problem(fileName, bytes));
            case MACOS -> Optional.empty();
        };
    }
}
