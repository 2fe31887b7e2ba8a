package dev.patchbay.bench.harness.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine a run measured, for the report.
 *
 * @param cpuModel    the CPU's model name, from /proc/cpuinfo
 * @param virtual     whether the CPU reports a hypervisor
 * @param onlineCpus  the online CPUs, e.g. {@code 0-1}
 * @param cpuCount    how many CPUs the JVM may use
 * @param memory      total memory, e.g. {@code 3.8 GiB}
 * @param os          the distribution, from /etc/os-release
 * @param kernel      the kernel release
 * @param jdk         the JVM's name and version
 * @param cCompiler   the C compiler's version
 */
public record MachineInfo(String cpuModel, boolean virtual, String onlineCpus, int cpuCount, String memory, String os,
                          String kernel, String jdk, String cCompiler) {
    private static final String UNKNOWN = "unknown";

    /** Reads what Linux and the JVM say about this machine; what cannot be read is "unknown". */
    public static MachineInfo probe() {
        List<String> cpuinfo = lines("/proc/cpuinfo");
        String model = field(cpuinfo, "model name", ':').orElse(System.getProperty("os.arch"));
        boolean virtual = field(cpuinfo, "flags", ':').map(f -> f.contains(" hypervisor")).orElse(false);
        String memory = field(lines("/proc/meminfo"), "MemTotal", ':')
                .map(v -> String.format(java.util.Locale.ROOT, "%.1f GiB",
                        Long.parseLong(v.replace("kB", "").strip()) / (1024.0 * 1024.0)))
                .orElse(UNKNOWN);
        String os = field(lines("/etc/os-release"), "PRETTY_NAME", '=').map(v -> v.replace("\"", ""))
                .orElse(System.getProperty("os.name"));
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        return new MachineInfo(model, virtual, firstLine("/sys/devices/system/cpu/online"),
                Runtime.getRuntime().availableProcessors(), memory, os, firstLine("/proc/sys/kernel/osrelease"),
                jdk, compilerVersion());
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String firstLine(String file) {
        List<String> lines = lines(file);
        return lines.isEmpty() ? UNKNOWN : lines.get(0).strip();
    }

    private static Optional<String> field(List<String> lines, String name, char separator) {
        for (String line : lines) {
            int at = line.indexOf(separator);
            if (at > 0 && line.substring(0, at).strip().equals(name)) {
                return Optional.of(line.substring(at + 1).strip());
            }
        }
        return Optional.empty();
    }

    /** The version of the gcc that the build compiled the C baselines with. */
    private static String compilerVersion() {
        try {
            Process gcc = new ProcessBuilder("gcc", "-dumpfullversion").redirectErrorStream(true).start();
            String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return gcc.waitFor(5, TimeUnit.SECONDS) && gcc.exitValue() == 0 ? "gcc " + out : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }
}
