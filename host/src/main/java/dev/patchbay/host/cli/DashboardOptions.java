package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.dashboard.Dashboard;
import dev.patchbay.host.dashboard.DashboardAddress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;

/** {@code --http}: the live dashboard, for every command that runs a host for a while (demo, pool, soak, listen). */
final class DashboardOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--http", paramLabel = "[HOST:]PORT",
            description = "Serve a live dashboard on 127.0.0.1:PORT (0: any free port): channels with backend,"
                    + " generation and rates, module generations, every swap, patch and rollback with its pause;"
                    + " the same as JSON at /api/state, Prometheus metrics at /metrics.")
    String http;

    @Option(names = "--http-allow-remote",
            description = "Let --http bind an address other machines can reach. The dashboard has no login: anyone"
                    + " who reaches it sees the channels and modules.")
    boolean allowRemote;

    /** Where to serve, checked; empty without {@code --http}. */
    Optional<DashboardAddress> address() {
        if (http == null) {
            return Optional.empty();
        }
        DashboardAddress at;
        try {
            at = DashboardAddress.parse(http);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), "--http " + http + ": " + e.getMessage());
        }
        if (!at.loopback() && !allowRemote) {
            throw new ParameterException(mixee.commandLine(), "--http " + http + ": not a loopback address; the"
                    + " dashboard has no login, so serving it to other machines needs --http-allow-remote");
        }
        return Optional.of(at);
    }

    /** Starts the dashboard if asked for and says where it is; empty otherwise. */
    Optional<Dashboard> start(Patchbay host, String title, PrintWriter out) {
        Optional<DashboardAddress> at = address();
        if (at.isEmpty()) {
            return Optional.empty();
        }
        Dashboard dashboard = Dashboard.start(host, at.get(), title);
        out.printf("  dashboard %s (live; JSON at %sapi/state, Prometheus at %smetrics)%n", dashboard.url(),
                dashboard.url(), dashboard.url());
        out.flush();
        return Optional.of(dashboard);
    }
}
