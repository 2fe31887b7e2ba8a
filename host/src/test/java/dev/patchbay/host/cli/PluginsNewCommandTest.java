package dev.patchbay.host.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code patchbay plugins new} as a user meets it: the release version it writes, and one-line refusals. */
class PluginsNewCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void writesAProjectAgainstTheRunningRelease() throws Exception {
        Path dir = tmp.resolve("uds");

        assertThat(run("plugins", "new", "uds", "--dir", dir.toString(), "--group-id", "org.acme")).isZero();

        assertThat(out.toString()).startsWith("wrote 7 files into " + dir + " (org.acme.uds, Patchbay "
                + VersionProvider.version() + ")");
        // Built in a clone: the hint names the clone's wrapper, which brings a Maven the build accepts.
        assertThat(out.toString()).contains("next, with Maven 3.9 or newer: ")
                .contains("mvnw -f " + dir.resolve("pom.xml") + " verify");
        assertThat(Files.readString(dir.resolve("pom.xml")))
                .contains("<version>" + VersionProvider.version() + "</version>");
        assertThat(dir.resolve("src/main/java/org/acme/uds/UdsTransport.java")).isRegularFile();
    }

    @Test
    void refusesANonEmptyFolderInOneLine() throws Exception {
        Files.writeString(tmp.resolve("keep.txt"), "mine");

        assertThat(run("plugins", "new", "uds", "--dir", tmp.toString())).isEqualTo(ExitStatus.USAGE);

        assertThat(err.toString()).isEqualTo("patchbay: " + tmp + " is not empty; name a new or empty folder with"
                + " --dir" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesABadSchemeInOneLine() {
        assertThat(run("plugins", "new", "Fifo!", "--dir", tmp.resolve("x").toString())).isEqualTo(ExitStatus.USAGE);

        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("patchbay: 'Fifo!' is not a scheme word");
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
