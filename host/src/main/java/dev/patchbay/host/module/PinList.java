package dev.patchbay.host.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The SHA-256 sums of the only module files a host loads, in {@code sha256sum} output format ({@code <hex>  <file
 * name>}, one per line, {@code #} comments). It applies to every load, whoever asks: the start-up scan, the patch
 * watcher, a swap command and a peer's PREPARE. Read again for every load, so a deployment can add the pin first
 * and then the jar.
 */
public final class PinList {
    private final Path file;

    public PinList(Path file) {
        this.file = file;
    }

    /** True if {@code sha256} is pinned. */
    public boolean allows(String sha256) {
        return read().contains(sha256.toLowerCase(Locale.ROOT));
    }

    /** Why {@code module} (whose SHA-256 is {@code sha256}) may not be loaded: a line for a listing and a REFUSE. */
    String refusal(Path module, String sha256) {
        return "SHA-256 " + sha256 + " of " + module.getFileName() + " is not in the pin list " + file
                + "; to allow it, add its line (sha256sum " + module.getFileName() + ") to that file";
    }

    public Path file() {
        return file;
    }

    private Set<String> read() {
        Set<String> sums = new HashSet<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String sum = trimmed.split("\\s+")[0].toLowerCase(Locale.ROOT);
                if (sum.matches("[0-9a-f]{64}")) {
                    sums.add(sum);
                }
            }
        } catch (IOException e) {
            throw new ModuleException("cannot read pin list " + file + ": " + e.getMessage());
        }
        return sums;
    }
}
