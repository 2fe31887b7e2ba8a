package dev.patchbay.host.cli;

import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --http} refuses what it should with one line that says what to do, and no stack trace. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardOptionTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void anAddressOtherMachinesReachNeedsTheExplicitFlag() {
        assertThat(run("demo", "--http", "0.0.0.0:0")).isEqualTo(ExitStatus.USAGE);
        assertThat(err.toString()).contains("--http 0.0.0.0:0: not a loopback address")
                .contains("--http-allow-remote").doesNotContain("Exception");
    }

    @Test
    void aBadPortIsAUsageError() {
        assertThat(run("soak", "--http", "eighty")).isEqualTo(ExitStatus.USAGE);
        assertThat(err.toString()).contains("--http eighty: 'eighty' is not a port number");
    }

    @Test
    void aPortInUseIsOneLineThatSaysWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int status = run("listen", "fifo:dashboard-port-" + ProcessHandle.current().pid(), "--no-watch",
                    "--timeout", "1s", "--http", String.valueOf(taken.getLocalPort()), "--plugins-dir",
                    PluginJars.distPlugins().toString());
            assertThat(status).isNotZero();
            assertThat(err.toString().strip()).isEqualTo("patchbay: cannot serve the dashboard on 127.0.0.1:"
                    + taken.getLocalPort() + ": the port is in use (or the address is not this machine's); pick"
                    + " another port, or --http 0 for any free one");
        }
    }
}
