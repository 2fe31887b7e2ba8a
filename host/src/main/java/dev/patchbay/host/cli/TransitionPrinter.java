package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.patch.PatchResult;

import java.io.PrintWriter;

/**
 * Tells the terminal of {@code listen} and {@code send} what happens to its channel (a swap, a patch, a rollback),
 * on stderr and without {@code -v}: stdout carries only the messages.
 */
final class TransitionPrinter {
    private TransitionPrinter() {
    }

    static void attach(Patchbay host, PrintWriter err) {
        host.addListener((channel, report, target) -> print(err, report));
        if (host.config().watchPlugins()) {
            host.addPatchListener(result -> print(err, result));
        }
    }

    static void print(PrintWriter err, MigrationReport r) {
        String line = switch (r.outcome()) {
            case COMMITTED -> String.format("%s moved: %s -> %s (switch %.2f ms)", r.channel(), r.from(), r.to(),
                    r.switchNanos() / 1e6);
            case ROLLED_BACK -> String.format("%s rolled back to %s: %s", r.channel(), r.from(), r.reason());
            case ABORTED -> String.format("%s stays on %s; the move to %s was aborted: %s", r.channel(), r.from(),
                    r.to(), r.reason());
        };
        synchronized (err) {
            err.println("patchbay: " + line);
            err.flush();
        }
    }

    static void print(PrintWriter err, PatchResult result) {
        String line = result.deployed()
                ? "patch " + result.file().getFileName() + " deployed (" + result.module() + ")"
                : "patch " + result.file().getFileName() + " rejected: " + result.reason();
        synchronized (err) {
            err.println("patchbay: " + line);
            err.flush();
        }
    }
}
