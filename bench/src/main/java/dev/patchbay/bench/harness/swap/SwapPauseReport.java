package dev.patchbay.bench.harness.swap;

import java.util.List;
import java.util.Locale;

/** The report's "Swap pause" section: each scenario's pauses beside the same traffic's gaps without a migration. */
public final class SwapPauseReport {
    private SwapPauseReport() {
    }

    /** The section, with the command line that reproduces each row. */
    public static String render(List<SwapResult> results, int migrations) {
        StringBuilder md = new StringBuilder("## Swap pause\n\n");
        md.append("What a live migration costs the application: two JVMs (the host and an echo peer it spawns) exchange"
                + " 64-byte numbered messages at a fixed rate each way while the host migrates the channel again and"
                + " again; the *pause* of a migration is the longest gap between two arrivals at the host's receiver"
                + " while it runs. The baseline, in the same run, is the same traffic without a migration: after each"
                + " migration the soak watches a window as long again and keeps its longest gap. Figures are in"
                + " milliseconds, over ").append(migrations).append(" migrations per row; every message is checked"
                + " (lost, duplicated and reordered must all be 0). Both processes are left to the scheduler (each"
                + " needs a CPU, and pinning them would measure the pinning); shm waits with its default `backoff`"
                + " (spin, yield, then park). The new link's health window is shortened to 20 ms so that a run is"
                + " mostly migrations; it does not add to the pause, which ends at the switch.\n\n");
        md.append("| migrations between | rate each way | pause p50 | p99 | max | without a migration: p50 | p99 | max"
                + " | p99 ratio | target | verdict |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SwapResult r : results) {
            double ratio = r.quiet().p99Millis() > 0 ? r.pause().p99Millis() / r.quiet().p99Millis() : 0;
            md.append("| ").append(r.scenario().label()).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d msg/s", r.scenario().rate())).append(" | ")
                    .append(ms(r.pause().p50Millis())).append(" | ").append(ms(r.pause().p99Millis())).append(" | ")
                    .append(ms(r.pause().maxMillis())).append(" | ").append(ms(r.quiet().p50Millis())).append(" | ")
                    .append(ms(r.quiet().p99Millis())).append(" | ").append(ms(r.quiet().maxMillis())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f×", ratio)).append(" | ")
                    .append(target(r)).append(" | ").append(verdict(r)).append(" |\n");
        }
        md.append("\n| migrations between | migrations committed | SWITCH round trip p50 / p99 / max | traffic |"
                + " most other load in any second | reproduce |\n|---|---|---|---|---|---|\n");
        for (SwapResult r : results) {
            md.append("| ").append(r.scenario().label()).append(" | ").append(r.migrations()).append(" | ")
                    .append(ms(r.switches().p50Millis())).append(" / ").append(ms(r.switches().p99Millis()))
                    .append(" / ").append(ms(r.switches().maxMillis())).append(" | ").append(r.traffic())
                    .append(r.clean() ? "" : " **not clean**").append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f CPUs", r.maxForeign())).append(" | `")
                    .append(command(r, migrations)).append("` |\n");
        }
        md.append("\nThe *p99 ratio* is the pause's p99 over the p99 of the windows without a migration: near 1, a"
                + " migration costs no more than the scheduler's own jitter on this machine.\n\n");
        return md.toString();
    }

    private static String command(SwapResult r, int migrations) {
        return "target/patchbay/bin/patchbay soak --backends " + String.join(",", r.scenario().backends())
                + " --rate " + r.scenario().rate() + " --migrations " + migrations
                + " --broken-every 0 --quiet-windows --health-window 20ms";
    }

    private static String target(SwapResult r) {
        return r.scenario().targetMillis() > 0 ? "p99 ≤ " + ms(r.scenario().targetMillis()) : "—";
    }

    private static String verdict(SwapResult r) {
        if (r.scenario().targetMillis() <= 0) {
            return r.clean() ? "no loss" : "**lost or reordered messages**";
        }
        if (r.pause().p99Millis() <= r.scenario().targetMillis()) {
            return "meets";
        }
        return String.format(Locale.ROOT, "**short**: p99 %s ms where the target is ≤ %s ms", ms(r.pause()
                .p99Millis()), ms(r.scenario().targetMillis()));
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, millis >= 10 ? "%.1f" : "%.3f", millis);
    }
}
