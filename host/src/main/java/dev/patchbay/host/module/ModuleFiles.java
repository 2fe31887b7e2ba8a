package dev.patchbay.host.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/** Hashes of module files, as the listings, pin lists and migrations name them. */
public final class ModuleFiles {
    private ModuleFiles() {
    }

    /** The SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    /** The SHA-256 of some bytes, lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The extensions of module files: plugin jars and this platform's native libraries ({@link NativePlatform}).
     * Each has a loader in the host ({@code ModuleKinds}); a file of another kind in the plugins folder is not a
     * module and is left alone.
     */
    public static final Set<String> MODULE_EXTENSIONS = Set.of("jar", NativePlatform.current().libraryExtension());

    /** True for module files: not hidden, and of one of {@link #MODULE_EXTENSIONS}. */
    public static boolean isModuleFile(Path file) {
        return !file.getFileName().toString().startsWith(".") && MODULE_EXTENSIONS.contains(extension(file));
    }

    /** The part of the file name after its last dot, lower case: "jar", "so", "dll". */
    public static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
