package dev.patchbay.host.embed;

import dev.patchbay.host.Patchbay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an application embedding the host gets: the library, and no logging configuration of ours. */
class EmbeddingTest {
    @Test
    void theLibraryShipsNoLoggingConfiguration() {
        ClassLoader loader = Patchbay.class.getClassLoader();
        assertThat(loader.getResource("logback.xml")).as("a logback.xml would configure the application's logging")
                .isNull();
        assertThat(loader.getResource("META-INF/services/ch.qos.logback.classic.spi.Configurator")).isNull();
        // The CLI's own configuration is there, under a name Logback never looks for by itself.
        assertThat(loader.getResource("dev/patchbay/host/cli/logback-cli.xml")).isNotNull();
    }
}
