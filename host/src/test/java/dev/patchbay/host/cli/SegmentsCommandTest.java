package dev.patchbay.host.cli;

import dev.patchbay.sharedmem.runtime.RuntimeDirectory;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code patchbay segments}: what a killed listener left behind is listed as dead and collected; a live one stays. */
class SegmentsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cli(String... args) {
        out.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void listsAndCollectsWhatADeadListenerLeftBehind() throws Exception {
        Process killed = new ProcessBuilder("sleep", "60").start();
        long deadPid = killed.pid();
        killed.destroyForcibly().waitFor();
        Path fifo = RuntimeDirectory.sub("fifo");
        String dead = "leftover-" + UUID.randomUUID().toString().substring(0, 8);
        String live = "alive-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(fifo.resolve(dead + ".owner"), "pid=" + deadPid + "\nstart=1\n");
        Files.createFile(fifo.resolve(dead + ".c2s"));
        var me = dev.patchbay.sharedmem.runtime.ProcessIdentity.current();
        Files.writeString(fifo.resolve(live + ".owner"), "pid=" + me.pid() + "\nstart=" + me.startTime() + "\n");
        try {
            assertThat(cli("segments", "list")).isZero();
            assertThat(out.toString()).containsPattern("FIFO\\s+" + dead + "\\s+0\\s+" + deadPid + "\\s+no\\s+yes")
                    .containsPattern("FIFO\\s+" + live + "\\s+0\\s+" + me.pid() + "\\s+yes\\s+yes");

            assertThat(cli("segments", "gc")).isZero();
            assertThat(out.toString()).contains(dead).doesNotContain(live);
            assertThat(Files.exists(fifo.resolve(dead + ".c2s"))).isFalse();
            assertThat(Files.exists(fifo.resolve(live + ".owner"))).isTrue();

            assertThat(cli("segments", "rm", live)).isEqualTo(1);
            assertThat(err.toString()).contains(live);
            assertThat(Files.exists(fifo.resolve(live + ".owner"))).isTrue();
        } finally {
            Files.deleteIfExists(fifo.resolve(live + ".owner"));
        }
    }
}
