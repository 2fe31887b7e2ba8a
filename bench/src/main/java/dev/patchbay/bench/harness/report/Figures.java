package dev.patchbay.bench.harness.report;

import dev.patchbay.bench.harness.result.Spread;

import java.time.Duration;
import java.util.Locale;

/** How numbers are written in the report: a few significant digits and a unit a reader can take in at a glance. */
public final class Figures {
    private Figures() {
    }

    /** {@code 32 B}, {@code 1344 B}, {@code 64 KiB}. */
    public static String size(int bytes) {
        return bytes >= 1024 && bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    /** {@code 1.23 M}, {@code 456 k}, {@code 789}. */
    static String count(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", value / 1e6);
        }
        if (value >= 1e3) {
            return String.format(Locale.ROOT, "%.0f k", value / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }

    /** Microseconds with three significant digits: {@code 9.81}, {@code 72.4}, {@code 153}. */
    static String micros(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }

    /** MB/s with at most one decimal. */
    static String megabytes(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
    }

    /** {@code 0.93×}. */
    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f×", value);
    }

    /** {@code 0.90–0.95}, a spread's range with the given formatter. */
    static String range(Spread spread, java.util.function.DoubleFunction<String> format) {
        return format.apply(spread.min()) + "–" + format.apply(spread.max());
    }

    /** {@code 3 min 25 s}. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? s / 60 + " min " + s % 60 + " s" : s + " s";
    }
}
