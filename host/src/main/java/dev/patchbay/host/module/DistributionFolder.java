package dev.patchbay.host.module;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The root of the distribution this code runs from ({@code bin/}, {@code lib/}, {@code plugins/}, the built-in
 * trust list): the folder above the host jar's {@code lib/}; run from classes instead (tests, an IDE), the
 * {@code patchbay.dist} system property, else {@code target/patchbay}.
 */
public final class DistributionFolder {
    private DistributionFolder() {
    }

    public static Path root() {
        try {
            Path code = Path.of(DistributionFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = code.getParent();
            // Only a jar in a distribution's lib/ says where the distribution is (not one in a build's target/).
            if (Files.isRegularFile(code) && lib != null && lib.getFileName() != null
                    && lib.getFileName().toString().equals("lib") && lib.getParent() != null) {
                return lib.getParent();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // Fall through to the build's distribution folder.
        }
        String dist = System.getProperty("patchbay.dist");
        return Path.of(dist != null ? dist : "target/patchbay").toAbsolutePath().normalize();
    }
}
