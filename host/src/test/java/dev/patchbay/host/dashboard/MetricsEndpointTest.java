package dev.patchbay.host.dashboard;

import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /metrics} while the demo runs: Prometheus text whose counters move with the traffic and the swaps. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Test
    void countersMoveWithTrafficAndMigrationsFillThePauseHistogram() throws Exception {
        try (DemoPages demo = new DemoPages(PluginJars.distPlugins(), "1s")) {
            HttpResponse<String> first = demo.get("metrics");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type")).hasValue(PrometheusText.CONTENT_TYPE);
            assertThat(first.body())
                    .contains("# TYPE patchbay_channel_messages_total counter\n")
                    .contains("# TYPE patchbay_channel_bytes_total counter\n")
                    .contains("# TYPE patchbay_migrations_total counter\n")
                    .contains("# TYPE patchbay_migration_pause_seconds histogram\n")
                    .contains("patchbay_migration_pause_seconds_bucket{le=\"+Inf\"} ");

            String received = "patchbay_channel_messages_total\\{channel=\"c1\",direction=\"received\"}";
            String bytesSent = "patchbay_channel_bytes_total\\{channel=\"c1\",direction=\"sent\"}";
            // Until the demo's channel is open, it has no samples.
            await().atMost(PATIENCE).until(() -> demo.get("metrics").body().contains("channel=\"c1\"")
                    && value(demo.get("metrics").body(), received) > 0);
            String before = demo.get("metrics").body();
            await().atMost(PATIENCE).until(() -> value(demo.get("metrics").body(),
                    "patchbay_migrations_total\\{outcome=\"committed\"}") >= 2);
            String after = demo.get("metrics").body();

            assertThat(value(after, received)).isGreaterThan(value(before, received));
            assertThat(value(after, bytesSent)).isGreaterThan(value(before, bytesSent));
            double count = value(after, "patchbay_migration_pause_seconds_count");
            assertThat(count).isGreaterThanOrEqualTo(2);
            assertThat(value(after, "patchbay_migration_pause_seconds_bucket\\{le=\"\\+Inf\"}")).isEqualTo(count);
            assertThat(value(after, "patchbay_migration_pause_seconds_sum")).isPositive();
            assertThat(value(after, "patchbay_channel_info\\{channel=\"c1\",backend=\"\\w+\",module=\"[^\"]+\"}"))
                    .isEqualTo(1);

            assertThat(demo.run.get(240, TimeUnit.SECONDS)).as("demo:\n%s\n%s", demo.out, demo.err).isZero();
        }
    }

    /** The value of the one sample whose name and labels match {@code sample}. */
    private static double value(String text, String sample) {
        Matcher m = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("%s in\n%s", sample, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
