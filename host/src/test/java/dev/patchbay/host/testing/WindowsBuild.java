package dev.patchbay.host.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the build made for Windows where mingw-w64 is installed (the npipe DLLs and the Wine harness, in
 * target/windows), and the Wine that runs them. A test that needs one is skipped, with the reason, where it is
 * missing; CI installs both.
 */
public final class WindowsBuild {
    private WindowsBuild() {
    }

    /** The build's Windows folder. */
    public static Path dir() {
        return Path.of(System.getProperty("patchbay.windows", "../target/windows"));
    }

    /** A file the Windows build made, e.g. {@code npipe-1.0.0.dll}; the test is skipped if there is none. */
    public static Path file(String fileName) {
        Path file = dir().resolve(fileName);
        assumeTrue(Files.isRegularFile(file), file + " was not built: mingw-w64 (x86_64-w64-mingw32-gcc) is not"
                + " installed here (apt-get install gcc-mingw-w64-x86-64, then ./mvnw package)");
        return file;
    }

    /** The wine command on the PATH; the test is skipped if there is none. */
    public static Path wine() {
        Optional<Path> wine = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .flatMap(d -> Stream.of(Path.of(d, "wine"), Path.of(d, "wine64")))
                .filter(Files::isExecutable).findFirst();
        assumeTrue(wine.isPresent(), "wine is not installed here (apt-get install wine64)");
        return wine.get();
    }
}
