package dev.patchbay.host.module;

import java.util.Locale;

/**
 * The operating system's kind of shared library, which decides the file name a native module has in the plugins
 * folder and the header format the host checks before loading it. Only Linux hosts are built and tested; the
 * Windows DLL build is checked by a C harness under Wine, and macOS is named here and built nowhere.
 */
public enum NativePlatform {
    /** Linux, and the other systems whose shared libraries are ELF {@code .so} files. */
    LINUX("so"),
    /** macOS: Mach-O {@code .dylib} files. */
    MACOS("dylib"),
    /** Windows: PE {@code .dll} files. */
    WINDOWS("dll");

    private static final NativePlatform CURRENT = of(System.getProperty("os.name", ""));

    private final String libraryExtension;

    NativePlatform(String libraryExtension) {
        this.libraryExtension = libraryExtension;
    }

    /** The platform this process runs on. */
    public static NativePlatform current() {
        return CURRENT;
    }

    /** The platform of a Java {@code os.name}, e.g. "Linux", "Windows 11", "Mac OS X". */
    public static NativePlatform of(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return WINDOWS;
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return MACOS;
        }
        return LINUX;
    }

    /** The extension of native module files, without the dot: "so", "dylib", "dll". */
    public String libraryExtension() {
        return libraryExtension;
    }
}
