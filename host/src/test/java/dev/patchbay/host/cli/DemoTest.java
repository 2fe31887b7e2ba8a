package dev.patchbay.host.cli;

import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live demo end to end, as the README's first command runs it (with short steps): this JVM spawns a peer JVM,
 * moves the channel through the backends, deploys the patch and rolls back the broken one.
 */
class DemoTest {

    @Test
    void swapsAndPatchesUnderLoadWithoutLoss() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--step", "150ms", "--health-window", "100ms",
                "--plugins-dir", PluginJars.distPlugins().toString());
        String output = out.toString();
        assertThat(status).as("demo output:\n%s\n%s", output, err).isZero();
        assertThat(output)
                .contains("swap      pipe@1.0.0 -> fifo@1.0.0")
                .containsPattern("patch     fifo-1.0.1.jar: fifo@1.0.0 -> fifo@1.0.1\\s+pause [0-9.]+ ms\\s+committed")
                .containsPattern("bad patch fifo-1.0.2-broken.jar: .*ROLLED BACK")
                .contains("lost = 0  duplicated = 0  reordered = 0")
                .contains("channel   ended on fifo@1.0.1");
    }
}
