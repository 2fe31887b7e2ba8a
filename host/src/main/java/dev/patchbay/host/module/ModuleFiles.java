package dev.patchbay.host.module;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/** Hashes of module files, as the listings, pin lists and migrations name them. */
public final class ModuleFiles {
    /** Bytes hashed at a time: what java.io reads through a buffer on the stack, without allocating. */
    private static final int CHUNK = 8 * 1024;

    private ModuleFiles() {
    }

    /** The SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256Digest();
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = new FileInputStream(file.toFile())) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                digest.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The whole content of a module file. Module files are read and written through java.io, not NIO channels: a
     * channel copies a heap array through a temporary direct buffer as large as the file and keeps that buffer in
     * the calling thread for good. The host reads jars on its migration threads, a few megabytes each (aeron's), so
     * every thread that once looked for a patch a peer named would keep one, and memory grew with every patch.
     */
    public static byte[] read(Path file) throws IOException {
        try (InputStream in = new FileInputStream(file.toFile())) {
            return in.readAllBytes();
        }
    }

    /** Writes {@code bytes} to a new file {@code file} that only its owner may read and write (0600 from the start). */
    public static void writeNew(Path file, byte[] bytes) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = new FileOutputStream(file.toFile())) {
            out.write(bytes);
        }
    }

    /** The SHA-256 of some bytes, lower-case hex. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
