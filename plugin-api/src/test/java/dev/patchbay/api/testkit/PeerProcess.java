package dev.patchbay.api.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts a peer JVM running a main class from this test class path. */
public final class PeerProcess {
    private PeerProcess() {
    }

    /** The command line that runs {@code main} with {@code args} in a new JVM with this class path. */
    public static List<String> command(Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        // The peer must find the same folders: runtime (fifos, sockets), data (persistent files) and the
        // distribution (the programs a host runs, such as the probe of native modules).
        for (String folder : List.of("patchbay.runtime.dir", "patchbay.data.dir", "patchbay.dist")) {
            String value = System.getProperty(folder);
            if (value != null) {
                command.add("-D" + folder + "=" + value);
            }
        }
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** The same command as one {@code /bin/sh} line, each word single-quoted. */
    public static String shellCommand(Class<?> main, String... args) {
        StringBuilder sb = new StringBuilder("exec");
        for (String word : command(main, args)) {
            sb.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }

    /**
     * Starts the peer; its stdout is discarded and its stderr appended to {@code target/peer-logs/<main>.log} in the
     * working folder, where a failed test's peer can be read afterwards.
     */
    public static Process start(Class<?> main, String... args) throws IOException {
        return new ProcessBuilder(command(main, args))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile(main)))
                .start();
    }

    /** Where the stderr of peers running {@code main} goes. */
    public static File logFile(Class<?> main) throws IOException {
        Path dir = Path.of("target", "peer-logs");
        Files.createDirectories(dir);
        return dir.resolve(main.getSimpleName() + ".log").toFile();
    }
}
