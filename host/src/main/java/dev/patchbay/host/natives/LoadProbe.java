package dev.patchbay.host.natives;

import dev.patchbay.host.module.DistributionFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tries a native library in a throw-away process ({@code bin/pbprobe} of the distribution) before this process
 * loads it: the dynamic loader runs the library's constructors during dlopen, and a constructor that faults kills
 * the process that loads it, one that never returns holds its thread (and the loader's lock) for good. The probe
 * dlopens the very file the host will load and calls {@code pb_module_info()}; only if that returns within
 * {@link #TIMEOUT} does the host load the library itself. It costs a fork and a dlopen, a few milliseconds.
 */
final class LoadProbe {
    private static final Logger LOG = LoggerFactory.getLogger(LoadProbe.class);

    /** How long a library may take to load in the probe. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** How long past {@link #TIMEOUT} the probe itself may take to report before it is killed. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final String VERDICT = "pbprobe: ";
    private static final int TAIL_BYTES = 4096;

    private LoadProbe() {
    }

    /** The probe program: {@code bin/pbprobe} of the distribution this host runs from. */
    static Path program() {
        return DistributionFolder.root().resolve("bin").resolve("pbprobe");
    }

    /**
     * Loads {@code library} in a probe process and says why this process must not load it, naming
     * {@code fileName}; empty if it loaded there. The probe's output goes to a file in {@code scratchDir}.
     */
    static Optional<String> problem(Path library, String fileName, Path scratchDir) {
        Path program = program();
        if (!Files.isExecutable(program)) {
            return Optional.of("cannot try " + fileName + " in a probe process before loading it: " + program
                    + " is missing (build with ./mvnw package; it needs gcc)");
        }
        Path out = scratchDir.resolve(".probe-" + library.getFileName() + ".out");
        try {
            Files.deleteIfExists(out);
            Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Process probe = new ProcessBuilder(List.of(program.toString(), library.toString(),
                    Long.toString(TIMEOUT.toMillis())))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!probe.waitFor(TIMEOUT.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
                probe.descendants().forEach(ProcessHandle::destroyForcibly);
                probe.destroyForcibly();
                return Optional.of("the probe process did not report on " + fileName + " within "
                        + TIMEOUT.plus(GRACE).toSeconds() + " s; not loaded");
            }
            return verdict(fileName, lastVerdict(out), library);
        } catch (IOException e) {
            return Optional.of("cannot run the probe process " + program + " for " + fileName + ": "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while trying " + fileName + " in a probe process");
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", out, e.toString());
            }
        }
    }

    /** The probe's last verdict line; anything the library's constructors printed comes before it. */
    private static String lastVerdict(Path out) throws IOException {
        byte[] all = Files.readAllBytes(out);
        int from = Math.max(0, all.length - TAIL_BYTES);
        String tail = new String(all, from, all.length - from, StandardCharsets.UTF_8);
        int at = tail.lastIndexOf("\n" + VERDICT);
        return at < 0 ? "" : tail.substring(at + 1 + VERDICT.length()).strip();
    }

    private static Optional<String> verdict(String fileName, String verdict, Path library) {
        String word = verdict.contains(" ") ? verdict.substring(0, verdict.indexOf(' ')) : verdict;
        String rest = verdict.substring(word.length()).strip();
        switch (word) {
            case "loaded":
                return Optional.empty();
            case "dlerror":
                return Optional.of(fileName + " cannot be loaded by the dynamic linker: "
                        + LoadedLibrary.withoutCopyPath(rest, library));
            case "signal":
                return Optional.of(fileName + " crashed with " + signal(rest) + " while loading in a probe"
                        + " process (in a constructor or pb_module_info); not loaded");
            case "timeout":
                return Optional.of(fileName + " did not finish loading within " + TIMEOUT.toSeconds() + " s in a"
                        + " probe process (a constructor or pb_module_info never returned); not loaded");
            case "exit":
                return Optional.of(fileName + " ended the probe process with exit status " + rest + " while loading"
                        + " (a constructor exits); not loaded");
            default:
                return Optional.of("the probe process gave no verdict on " + fileName + "; not loaded");
        }
    }

    private static String signal(String number) {
        try {
            return Signals.describe(Integer.parseInt(number));
        } catch (NumberFormatException e) {
            return "signal " + number;
        }
    }
}
