package dev.patchbay.bench.harness.swap;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One distribution of pauses as the soak prints it: {@code p50 0.139 ms, p99 3.329 ms, max 3.927 ms (n=199)}.
 *
 * @param p50Millis median
 * @param p99Millis 99th percentile
 * @param maxMillis the longest
 * @param count     how many pauses
 */
public record PauseFigures(double p50Millis, double p99Millis, double maxMillis, int count) {
    private static final Pattern LINE = Pattern.compile(
            "p50 ([0-9.]+) ms, p99 ([0-9.]+) ms, max ([0-9.]+) ms \\(n=([0-9]+)\\)");

    /** The figures in a soak report line that starts with {@code label}, if there is one. */
    static Optional<PauseFigures> find(String report, String label) {
        for (String line : report.split("\n")) {
            if (line.startsWith(label + " ")) {
                Matcher m = LINE.matcher(line);
                if (m.find()) {
                    return Optional.of(new PauseFigures(Double.parseDouble(m.group(1)),
                            Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                            Integer.parseInt(m.group(4))));
                }
            }
        }
        return Optional.empty();
    }
}
