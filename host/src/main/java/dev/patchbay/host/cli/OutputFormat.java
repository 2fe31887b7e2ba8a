package dev.patchbay.host.cli;

import dev.patchbay.host.control.ControlJson;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code -o table|json} (or {@code --json}): how a listing is printed. */
final class OutputFormat {
    enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json: one JSON document on stdout, for scripts.")
    Format format;

    @Option(names = "--json", description = "Same as -o json.")
    boolean json;

    boolean json() {
        return json || format == Format.json;
    }

    /** Prints {@code value} (rows, a report) as indented JSON. */
    static void printJson(PrintWriter out, Object value) {
        out.println(ControlJson.pretty(value));
        out.flush();
    }
}
