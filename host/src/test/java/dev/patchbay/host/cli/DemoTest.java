package dev.patchbay.host.cli;

import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo end to end: this JVM spawns a peer JVM over a pipe loaded from the real plugin jar. */
class DemoTest {

    @Test
    void streamsThroughASpawnedPeerWithoutLoss() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--duration", "1s", "--size", "64", "--plugins-dir", PluginJars.distPlugins().toString());
        assertThat(status).as("demo output:\n%s\n%s", out, err).isZero();
        assertThat(out.toString())
                .contains("over pipe via pipe@1.0.0")
                .containsPattern("lost = 0  duplicated = 0  reordered = 0")
                .containsPattern("[0-9,]+ messages/s");
    }
}
