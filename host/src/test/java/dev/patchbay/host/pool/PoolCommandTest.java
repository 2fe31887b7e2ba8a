package dev.patchbay.host.pool;

import dev.patchbay.host.cli.Main;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code patchbay pool} end to end with real worker processes over real pipes: one worker killed with SIGKILL,
 * every worker moved to fifo, then the fifo patch rolled through them, all while tasks flow; every task must come
 * back exactly once.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PoolCommandTest {
    @TempDir
    Path dir;

    private static Result pool(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    private record Result(int status, String out, String err) {
    }

    @Test
    void killSwapAndPatchUnderLoadLoseNothing() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));

        Result r = pool("pool", "--workers", "2", "--tasks", "8000", "--rate", "2000", "--kill-one",
                "--swap-to", "fifo", "--patch", PeerHosts.patch("fifo-1.0.1.jar").toString(),
                "--health-window", "100ms", "--plugins-dir", plugins.toString());

        assertThat(r.status()).as("pool output:\n%s\n%s", r.out(), r.err()).isZero();
        assertThat(r.out())
                .containsPattern("kill +worker \\d+ \\(pid \\d+\\) with SIGKILL")
                .containsPattern("died +worker \\d+ +pid \\d+ +\\d+ outstanding task\\(s\\) reassigned")
                .containsPattern("respawn +worker 3 +pid \\d+ +on pipe@1.0.0")
                .containsPattern("patch +fifo-1.0.1.jar dropped into the plugins folder")
                .containsPattern("patch +fifo@1.0.1 deployed: 2 worker\\(s\\) moved")
                .contains("sent 8,000  returned 8,000  lost = 0  duplicated = 0  wrong = 0")
                .containsPattern("respawned 1");
        assertThat(r.out().lines().filter(l -> l.matches(
                ".*swap +worker \\d+ +pid \\d+ +pipe@1.0.0 -> fifo@1.0.0 +committed +pause [0-9.]+ ms.*"))).hasSize(2);
        assertThat(r.out().lines().filter(l -> l.matches(".*patch +worker.*fifo@1.0.0 -> fifo@1.0.1 +committed.*")))
                .hasSize(2);
    }

    @Test
    void scalingPrintsEachPoolSizeAsARatioToOneWorker() {
        Result r = pool("pool", "--workers", "2", "--tasks", "3000", "--balance", "round-robin", "--scaling",
                "--plugins-dir", PluginJars.distPlugins().toString());

        assertThat(r.status()).as("pool output:\n%s\n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).containsPattern("workers 1 +[0-9,]+ tasks/s +1\\.00x")
                .containsPattern("workers 2 +[0-9,]+ tasks/s +[0-9.]+x +\\(lost 0, duplicated 0\\)")
                .containsPattern("workers 4 +[0-9,]+ tasks/s +[0-9.]+x +\\(lost 0, duplicated 0\\)");
    }

    @Test
    void badInputIsOneLineWithoutAStackTrace() {
        Result zero = pool("pool", "--workers", "0", "--plugins-dir", PluginJars.distPlugins().toString());
        assertThat(zero.status()).isEqualTo(2);
        assertThat(zero.err()).contains("--workers 0 must be between 1 and 64").doesNotContain("Exception");

        Result balance = pool("pool", "--balance", "fastest", "--plugins-dir", PluginJars.distPlugins().toString());
        assertThat(balance.status()).isEqualTo(2);
        assertThat(balance.err()).contains("choose least-outstanding or round-robin");

        Result patch = pool("pool", "--patch", "/nonexistent.jar", "--plugins-dir",
                PluginJars.distPlugins().toString());
        assertThat(patch.status()).isEqualTo(2);
        assertThat(patch.err()).contains("--patch /nonexistent.jar: no such file");
        assertThat(Files.exists(Path.of("/nonexistent.jar"))).isFalse();

        Result swap = pool("pool", "--swap-to", "carrier-pigeon", "--plugins-dir",
                PluginJars.distPlugins().toString());
        assertThat(swap.status()).isEqualTo(2);
        assertThat(swap.err()).contains("--swap-to carrier-pigeon: no backend serves it").doesNotContain("Exception");
    }
}
