package dev.patchbay.bench.harness.contender;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** Command lines that start a main class in a new JVM, on this JVM's class path and with the harness's flags. */
public final class JavaCommand {
    /**
     * The same for every Java process of the run, and stated in the report. The serial collector keeps the number
     * of JVM threads competing for the two cores small; the measured paths do not allocate.
     */
    public static final List<String> JVM_FLAGS = List.of("-Xms128m", "-Xmx256m", "-XX:+UseSerialGC");

    private final String javaBinary;
    private final String classPath;

    public JavaCommand(String javaBinary, String classPath) {
        this.javaBinary = javaBinary;
        this.classPath = classPath;
    }

    /** The java binary and class path of the running JVM. */
    public static JavaCommand ofThisJvm() {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        return new JavaCommand(java, System.getProperty("java.class.path"));
    }

    /** {@code java <flags> -cp <class path> -Dpatchbay.runtime.dir=<run folder> <main> <args>}. */
    public List<String> command(SessionSpec spec, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(classPath);
        command.add("-Dpatchbay.runtime.dir=" + spec.runtimeDir());
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** The command as one {@code /bin/sh} line (for {@code pipe:child?exec=}), each word single-quoted. */
    public static String shellLine(List<String> words) {
        StringBuilder sb = new StringBuilder("exec");
        for (String word : words) {
            sb.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }
}
