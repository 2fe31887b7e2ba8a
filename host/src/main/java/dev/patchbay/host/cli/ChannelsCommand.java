package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlClient;
import dev.patchbay.host.control.HostDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code patchbay channels}: the channels of the running hosts, once or refreshed with rates. */
@Command(name = "channels", description = {"List the channels of every running host (or of --host PID): role, state"
        + " (anything but OPEN is a migration in transition), backend, module generation, messages, last pause.",
        "With --watch, refresh every --interval with the rates each way (messages/s and MB/s)."},
        footerHeading = "%nExamples:%n",
        footer = {"  patchbay channels", "  patchbay channels --watch --interval 2s", "  patchbay channels -o json"})
final class ChannelsCommand implements Callable<Integer> {
    @Mixin
    HostChoice host;

    @Mixin
    OutputFormat output;

    @Option(names = {"-w", "--watch"}, description = "Refresh until Ctrl-C, with rates.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "With --watch: time between refreshes (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "With --watch: stop after N refreshes (default: until Ctrl-C).")
    int count;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (!watch) {
            List<Map<String, Object>> rows = rows();
            if (output.json()) {
                OutputFormat.printJson(out, rows);
            } else {
                snapshot(rows).print(out);
            }
            return ExitStatus.OK;
        }
        Duration step = interval.isZero() || interval.isNegative() ? Duration.ofSeconds(1) : interval;
        boolean terminal = System.console() != null && !output.json();
        Map<String, Sample> before = new LinkedHashMap<>();
        for (int i = 0; count == 0 || i < count; i++) {
            if (i > 0) {
                Thread.sleep(step.toMillis());
            }
            long now = System.nanoTime();
            List<Map<String, Object>> rows = rows();
            for (Map<String, Object> row : rows) {
                Sample previous = before.get(key(row));
                Sample current = Sample.of(row, now);
                before.put(key(row), current);
                current.rates(previous).forEach(row::put);
            }
            if (output.json()) {
                out.println(dev.patchbay.host.control.ControlJson.pretty(rows).replaceAll("\\s*\\n\\s*", " "));
                out.flush();
                continue;
            }
            if (terminal) {
                out.print("\033[H\033[2J");
            }
            out.println("patchbay channels  " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  every "
                    + DurationConverter.format(step) + (count == 0 ? ", Ctrl-C to stop" : ""));
            watched(rows).print(out);
        }
        return ExitStatus.OK;
    }

    /** The channel rows of every host looked at, each with its host's pid. */
    private List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long pid : host.pids()) {
            List<Map<String, Object>> answer;
            try {
                answer = ControlClient.call(HostDirectory.socketOf(pid), "channels");
            } catch (RuntimeException e) {
                if (host.pid != null) {
                    throw e;
                }
                continue;
            }
            for (Map<String, Object> row : answer) {
                Map<String, Object> withHost = new LinkedHashMap<>();
                withHost.put("host", pid);
                withHost.putAll(row);
                rows.add(withHost);
            }
        }
        return rows;
    }

    private static Table snapshot(List<Map<String, Object>> rows) {
        Table table = new Table("HOST", "CHANNEL", "STATE", "BACKEND", "MODULE", "ROLE", "GEN", "ADDRESS", "SENT",
                "RECEIVED", "MIGRATIONS", "LAST PAUSE");
        for (Map<String, Object> r : rows) {
            table.row(r.get("host"), r.get("name"), r.get("state"), r.get("backend"), r.get("module"), r.get("role"),
                    r.get("generation"), r.get("address"), r.get("sent"), r.get("received"), r.get("migrations"),
                    pause(r));
        }
        return table;
    }

    private static Table watched(List<Map<String, Object>> rows) {
        Table table = new Table("HOST", "CHANNEL", "ROLE", "PEER", "STATE", "BACKEND", "GEN", "OUT MSG/S",
                "IN MSG/S", "OUT MB/S", "IN MB/S", "MIGRATIONS", "LAST PAUSE");
        for (Map<String, Object> r : rows) {
            table.row(r.get("host"), r.get("name"), r.get("role"), r.getOrDefault("peerPid", "-"), r.get("state"),
                    r.get("module"),
                    r.get("generation"), rate(r, "sentPerSecond", "%,.0f"), rate(r, "receivedPerSecond", "%,.0f"),
                    rate(r, "mbSentPerSecond", "%.2f"), rate(r, "mbReceivedPerSecond", "%.2f"), r.get("migrations"),
                    pause(r));
        }
        return table;
    }

    private static String rate(Map<String, Object> row, String key, String format) {
        Object value = row.get(key);
        return value == null ? "-" : String.format(format, ((Number) value).doubleValue());
    }

    private static String pause(Map<String, Object> row) {
        Object ms = row.get("lastPauseMs");
        return ms == null ? "-" : String.format("%.2f ms (%s)", ((Number) ms).doubleValue(), row.get("lastMigration"));
    }

    private static String key(Map<String, Object> row) {
        return row.get("host") + "/" + row.get("name");
    }

    /** Counters of one channel at one moment, to turn two of them into rates. */
    private record Sample(long sent, long received, long bytesSent, long bytesReceived, long nanos) {
        static Sample of(Map<String, Object> row, long nanos) {
            return new Sample(number(row, "sent"), number(row, "received"), number(row, "bytesSent"),
                    number(row, "bytesReceived"), nanos);
        }

        private static long number(Map<String, Object> row, String key) {
            Object value = row.get(key);
            return value instanceof Number n ? n.longValue() : 0;
        }

        Map<String, Object> rates(Sample previous) {
            Map<String, Object> rates = new LinkedHashMap<>();
            if (previous == null || nanos <= previous.nanos) {
                return rates;
            }
            double seconds = (nanos - previous.nanos) / 1e9;
            rates.put("sentPerSecond", (sent - previous.sent) / seconds);
            rates.put("receivedPerSecond", (received - previous.received) / seconds);
            rates.put("mbSentPerSecond", (bytesSent - previous.bytesSent) / seconds / 1e6);
            rates.put("mbReceivedPerSecond", (bytesReceived - previous.bytesReceived) / seconds / 1e6);
            return rates;
        }
    }
}
