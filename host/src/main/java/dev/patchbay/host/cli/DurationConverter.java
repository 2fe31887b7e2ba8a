package dev.patchbay.host.cli;

import dev.patchbay.api.Address;
import picocli.CommandLine.ITypeConverter;

import java.time.Duration;

/** Reads durations the way addresses do: 500ms, 30s, 2m; a bare number is milliseconds. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Address.parse("x:y?d=" + value.replace("&", "")).durationParam("d", Duration.ZERO);
    }

    /** 500 ms, 30 s, 2 min: as a person would write it. */
    static String format(Duration d) {
        if (d.toMillis() < 1000 || d.toMillis() < 10_000 && d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        if (d.toSeconds() < 120 || d.toSeconds() % 60 != 0) {
            return d.toSeconds() + " s";
        }
        return d.toMinutes() + " min";
    }
}
