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
}
