package dev.patchbay.bench.harness.peer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the launcher drives a sender process: one command per line on the sender's stdin, one answer per line on its
 * stdout. The C baselines speak it too ({@code bench_peer.c}), which is what lets the launcher treat every
 * contender alike. Any other line a sender prints is passed through as a log line.
 *
 * <pre>
 *   sender:   ready peer=&lt;receiver pid, 0 if unknown&gt; impl=&lt;what it is&gt;   (once the link is up)
 *   launcher: warmup &lt;ms&gt;           sender: ok                     (half round trips, half streaming)
 *   launcher: rtt &lt;ms&gt; &lt;file&gt;       sender: result samples=&lt;n&gt;    (the file: int64 LE ns)
 *   launcher: stream &lt;ms&gt;           sender: result messages=&lt;n&gt; bytes=&lt;n&gt; nanos=&lt;n&gt;
 *   launcher: quit                  sender: closes the link and exits 0
 *   sender:   error &lt;message&gt;                                          (then exits non-zero)
 * </pre>
 */
public final class ControlProtocol {
    public static final String READY = "ready";
    public static final String OK = "ok";
    public static final String RESULT = "result";
    public static final String ERROR = "error";

    public static final String WARMUP = "warmup";
    public static final String ROUND_TRIP = "rtt";
    public static final String STREAM = "stream";
    public static final String QUIT = "quit";

    private ControlProtocol() {
    }

    /** The word a line starts with. */
    public static String verb(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line.strip() : line.substring(0, space);
    }

    /** The {@code key=value} words after the verb, in order. */
    public static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        String[] words = line.strip().split(" +");
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
        }
        return fields;
    }
}
