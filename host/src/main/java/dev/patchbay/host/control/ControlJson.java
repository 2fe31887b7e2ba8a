package dev.patchbay.host.control;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** One JSON object per result line, both ways (jackson-jr: small, no reflection on our types). */
public final class ControlJson {
    private static final JSON JSON_LINE = JSON.std;
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private ControlJson() {
    }

    static String line(Map<String, ?> row) {
        try {
            return JSON_LINE.asString(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> parse(String line) {
        try {
            return JSON_LINE.mapFrom(line);
        } catch (IOException e) {
            throw new ControlException(ControlException.Kind.BAD_REQUEST, "the host answered a line that is not"
                    + " JSON: " + line);
        }
    }

    /** Any value (a list of rows, say) as indented JSON, for {@code -o json}. */
    public static String pretty(Object value) {
        try {
            return PRETTY.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
