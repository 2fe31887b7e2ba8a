package dev.patchbay.host.module;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a user's trust list: adds a module file's SHA-256, or takes one out. The list is private to its owner
 * (0600, in a 0700 folder it creates) and replaced whole, so a host reading it never sees half a line.
 */
public final class TrustListFile {
    private final Path list;

    public TrustListFile(Path list) {
        this.list = list.toAbsolutePath().normalize();
    }

    public Path path() {
        return list;
    }

    /**
     * Trusts the content of {@code module} from now on.
     *
     * @return its SHA-256
     * @throws ModuleException if it is not a readable module file
     */
    public synchronized String add(Path module) {
        if (!Files.isRegularFile(module)) {
            throw new ModuleException(module + " is not a file: give the path of a plugin jar or native library");
        }
        if (!ModuleRegistry.isModuleFile(module)) {
            throw new ModuleException(module.getFileName() + " is not a module file: plugins are .jar and ."
                    + NativePlatform.current().libraryExtension() + " files");
        }
        try {
            String sha256 = ModuleFiles.sha256(module);
            List<String> lines = lines();
            if (lines.stream().noneMatch(line -> sumOf(line).equals(sha256))) {
                lines.add(sha256 + "  " + module.getFileName());
                write(lines);
            }
            return sha256;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * Stops trusting what {@code fileOrSum} names: a module file (by its content) or a SHA-256 in hex.
     *
     * @return how many lines went
     */
    public synchronized int remove(String fileOrSum) {
        boolean isSum = fileOrSum.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}");
        if (!isSum && !Files.isRegularFile(Path.of(fileOrSum))) {
            throw new ModuleException(fileOrSum + " is neither a file nor a SHA-256 (64 hex digits)");
        }
        try {
            String sum = isSum ? fileOrSum.toLowerCase(Locale.ROOT) : ModuleFiles.sha256(Path.of(fileOrSum));
            List<String> lines = lines();
            List<String> kept = lines.stream().filter(line -> !sumOf(line).equals(sum)).toList();
            if (kept.size() != lines.size()) {
                write(kept);
            }
            return lines.size() - kept.size();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private PatchbayException failure(IOException e) {
        return new PatchbayException(ErrorCode.IO_FAILURE, "cannot update trust list " + list + ": " + e);
    }

    private List<String> lines() throws IOException {
        if (!Files.exists(list)) {
            return new ArrayList<>(List.of("# Module files you trust, added by: patchbay plugins trust FILE"));
        }
        ModuleTrust.read(list);
        return new ArrayList<>(Files.readAllLines(list));
    }

    private void write(List<String> lines) throws IOException {
        Path folder = list.getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        PrivateTextFile.replace(list, lines);
    }

    private static String sumOf(String line) {
        String trimmed = line.strip();
        return trimmed.startsWith("#") ? "" : trimmed.split("\\s+")[0].toLowerCase(Locale.ROOT);
    }
}
