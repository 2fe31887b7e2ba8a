package dev.patchbay.host.patch;

import dev.patchbay.host.module.ModuleException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The SHA-256 sums a host accepts patches for, in {@code sha256sum} output format ({@code <hex>  <file name>}, one
 * per line, {@code #} comments). Read again for every patch, so a deployment can add the pin first and then the jar.
 */
final class PinList {
    private final Path file;

    PinList(Path file) {
        this.file = file;
    }

    /** True if {@code sha256} is pinned. */
    boolean allows(String sha256) {
        return read().contains(sha256.toLowerCase(Locale.ROOT));
    }

    Path file() {
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
