package dev.patchbay.bench.harness.contender;

import dev.patchbay.bench.harness.peer.ReceiverMain;
import dev.patchbay.bench.harness.peer.SenderMain;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Command lines that start the harness's Java peers in new JVMs, on a given class path and with given flags. */
public final class JavaCommand {
    /**
     * The same for every Java process of the run, and stated in the report. The serial collector keeps the number
     * of JVM threads competing for the two cores small; the measured paths do not allocate.
     */
    public static final List<String> JVM_FLAGS = List.of("-Xms128m", "-Xmx256m", "-XX:+UseSerialGC");

    private final String javaBinary;
    private final String classPath;
    private final List<String> flags;

    private JavaCommand(String javaBinary, String classPath, List<String> flags) {
        this.javaBinary = javaBinary;
        this.classPath = classPath;
        this.flags = List.copyOf(flags);
    }

    /** The java binary and class path of the running JVM, with {@link #JVM_FLAGS}. */
    public static JavaCommand ofThisJvm() {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        return new JavaCommand(java, System.getProperty("java.class.path"), JVM_FLAGS);
    }

    /** The same java binary on another class path, with more flags: for a baseline that must not share ours. */
    public JavaCommand on(List<Path> classPath, List<String> moreFlags) {
        return new JavaCommand(javaBinary, classPath.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)), flags).with(moreFlags);
    }

    /** The same command with more flags, e.g. a system property for one session. */
    public JavaCommand with(List<String> moreFlags) {
        List<String> all = new ArrayList<>(flags);
        all.addAll(moreFlags);
        return new JavaCommand(javaBinary, classPath, all);
    }

    /** The jar or folder a class was loaded from. */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", e);
        }
    }

    /** {@code java <flags> -cp <class path> -Dpatchbay.runtime.dir=<run folder> <main> <args>}. */
    public List<String> command(SessionSpec spec, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(flags);
        command.add("-cp");
        command.add(classPath);
        command.add("-Dpatchbay.runtime.dir=" + spec.runtimeDir());
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** {@link SenderMain} with the given link arguments ({@code --listen <address>}, ...), size and rate. */
    public List<String> sender(SessionSpec spec, String... linkArgs) {
        List<String> args = new ArrayList<>(List.of(linkArgs));
        args.addAll(List.of("--size", Integer.toString(spec.size()), "--rate", Long.toString(spec.rate())));
        return command(spec, SenderMain.class, args.toArray(String[]::new));
    }

    /** {@link ReceiverMain} with the given link arguments and size. */
    public List<String> receiver(SessionSpec spec, String... linkArgs) {
        List<String> args = new ArrayList<>(List.of(linkArgs));
        args.addAll(List.of("--size", Integer.toString(spec.size())));
        return command(spec, ReceiverMain.class, args.toArray(String[]::new));
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
