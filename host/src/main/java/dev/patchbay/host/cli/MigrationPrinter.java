package dev.patchbay.host.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** How swap and rollback print the migration report the host returns. */
final class MigrationPrinter {
    private MigrationPrinter() {
    }

    static void print(PrintWriter out, OutputFormat output, List<Map<String, Object>> rows) {
        if (output.json()) {
            OutputFormat.printJson(out, rows.size() == 1 ? rows.get(0) : rows);
            return;
        }
        for (Map<String, Object> row : rows) {
            out.println(row.get("text"));
        }
        out.flush();
    }
}
