package dev.patchbay.host.cli;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.host.testing.MisbehavingPlugins;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code listen} and {@code send} over a module that hangs or throws: --timeout holds whatever the module does, and
 * the failure names the module with the unusable-module status, not an internal error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MisbehavingModuleCliTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Test
    void listenHonoursItsTimeoutWhenTheModuleHangs() throws Exception {
        Path plugins = pluginsWith(MisbehavingPlugins.HANG, MisbehavingPlugins.realConnect());
        long start = System.nanoTime();

        int status = run("listen", "fifo:cli-hang", "--timeout", "2s", "--no-watch", "--plugins-dir",
                plugins.toString());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(status).as(err.toString()).isEqualTo(ExitStatus.of(ErrorCode.INCOMPATIBLE_MODULE));
        assertThat(err.toString()).contains("module fifo@1.0.3: listen on fifo:cli-hang did not return within 3.4 s")
                .doesNotContain("\tat ");
    }

    @Test
    void sendHonoursItsTimeoutWhenConnectHangs() throws Exception {
        Path plugins = pluginsWith(MisbehavingPlugins.realListen(), MisbehavingPlugins.HANG);
        long start = System.nanoTime();

        int status = run("send", "fifo:cli-hang", "--timeout", "2s", "--no-watch", "--plugins-dir",
                plugins.toString());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(status).as(err.toString()).isEqualTo(ExitStatus.of(ErrorCode.INCOMPATIBLE_MODULE));
        assertThat(err.toString()).contains("connect to fifo:cli-hang did not return within 3.4 s");
    }

    @Test
    void aThrowingTransportIsAnUnusableModuleNotAnInternalError() throws Exception {
        Path plugins = pluginsWith(MisbehavingPlugins.THROW, MisbehavingPlugins.THROW);

        int status = run("send", "fifo:cli-throw", "--timeout", "2s", "--no-watch", "--plugins-dir",
                plugins.toString());

        assertThat(status).as(err.toString()).isEqualTo(ExitStatus.of(ErrorCode.INCOMPATIBLE_MODULE));
        assertThat(err.toString()).contains("module fifo@1.0.3 failed to connect to fifo:cli-throw")
                .contains("this backend exploded").doesNotContain("\tat ");
    }

    private Path pluginsWith(String listen, String connect) throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        MisbehavingPlugins.fifo(Files.createDirectories(dir.resolve("work")), plugins.resolve("fifo-1.0.3.jar"),
                listen, connect);
        return plugins;
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }
}
