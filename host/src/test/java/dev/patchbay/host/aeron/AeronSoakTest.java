package dev.patchbay.host.aeron;

import dev.patchbay.host.cli.Main;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code patchbay soak --backends shm,aeron}: the channel goes to the network and back under traffic both ways,
 * over addresses the host picks ({@code aeron:<channel>-<pid>-<n>}, loopback), and a tour without
 * {@code --backends} leaves aeron out.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AeronSoakTest {
    @TempDir
    Path dir;

    @Test
    void theSoakMovesAChannelBetweenSharedMemoryAndAeronLosingNothing() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "soak", "--plugins-dir",
                plugins.toString(), "--backends", "shm,aeron", "--migrations", "8", "--broken-every", "0",
                "--rate", "5000", "--step-timeout", "60s");

        assertThat(status).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("8 committed, 0 rolled back")
                .contains("shm@1.0.0 -> aeron@1.0.0").contains("aeron@1.0.0 -> shm@1.0.0")
                .contains("lost = 0  duplicated = 0  reordered = 0");
    }
}
