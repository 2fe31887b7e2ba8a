package dev.patchbay.host.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI explains itself: help for every command, examples, the exit statuses and the real version. */
class HelpTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "plugins", "listen", "send", "channels", "modules", "swap", "rollback", "cancel",
            "segments", "soak", "faults"})
    void everyCommandAnswersHelpWithItsOptionsAndExamples(String command) {
        assertThat(run(command, "--help")).as(err.toString()).isZero();
        String help = out.toString();
        assertThat(help).startsWith("Usage: patchbay " + command).contains("-h, --help").contains("Examples:")
                .contains("  patchbay " + command);
        out.getBuffer().setLength(0);

        assertThat(run(command, "-h")).isZero();
        assertThat(out.toString()).isEqualTo(help);
        out.getBuffer().setLength(0);

        assertThat(run("help", command)).isZero();
        assertThat(out.toString()).isEqualTo(help);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void topLevelHelpListsTheCommandsAndTheExitStatuses() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Exit status:").containsPattern("\\s15\\s+bad or unsafe address")
                .containsPattern("\\s23\\s+no running host").containsPattern("\\s70\\s+internal error")
                .contains("swap").contains("help");
    }

    @Test
    void versionIsTheBuiltVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).containsPattern("^patchbay \\d+\\.\\d+\\.\\d+").doesNotContain("development")
                .doesNotContain("unknown").contains("plugin API");
    }
}
