package dev.patchbay.host.dashboard;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard as a person sees it: the demo runs with {@code --http}, its page is open in headless Chromium, and
 * once the page's timeline shows a committed migration, what the page shows is checked against the JSON API.
 *
 * <p>Set {@code -Ddashboard.screenshot=FILE} to keep a screenshot of the page (the README's comes from here).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DashboardInChromiumTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /** What the page shows, read from its cells' raw values. */
    private static final String READ_PAGE = """
            JSON.stringify({
              title: document.getElementById('title').textContent,
              channels: [...document.querySelectorAll('#channels tr')].map(r => ({
                name: r.dataset.key,
                backend: r.querySelector('[data-f=backend]').textContent,
                messagesOut: Number(r.querySelector('[data-f=messagesOut]').dataset.v),
                messagesIn: Number(r.querySelector('[data-f=messagesIn]').dataset.v)})),
              modules: [...document.querySelectorAll('#modules tr')].map(r =>
                r.dataset.key + ' ' + r.querySelector('[data-f=label]').textContent),
              committed: [...document.querySelectorAll('#timeline tr')]
                .filter(r => r.querySelector('[data-f=outcome]').textContent === 'committed')
                .map(r => ({t: Number(r.querySelector('[data-f=t]').dataset.v),
                  what: r.querySelector('[data-f=what]').textContent,
                  pauseMs: Number(r.querySelector('[data-f=pauseMs]').dataset.v)})),
              totals: Object.fromEntries([...document.querySelectorAll('#totals tr')]
                .map(r => [r.dataset.key, Number(r.querySelector('[data-f=value]').dataset.v)]))
            })""";

    @TempDir
    Path dir;

    @Test
    void thePageShowsACommittedMigrationAndTheSameNumbersAsTheApi() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        assumeThat(chromium).as("chromium is not installed (apt-get install -y chromium); this test opens the"
                + " dashboard in it").isPresent();
        try (DemoPages demo = new DemoPages(PluginJars.distPlugins(), "2s");
             HeadlessChromium browser = new HeadlessChromium(chromium.get(), demo.base, dir.resolve("chromium"))) {
            // Until the page has loaded, its elements are not there to read.
            await().atMost(PATIENCE).ignoreExceptions()
                    .until(() -> !((List<?>) page(browser).get("committed")).isEmpty());
            Map<String, Object> shown = page(browser);
            Map<String, Object> api = demo.state();

            assertThat(shown.get("title")).isEqualTo("Patchbay demo");
            Map<?, ?> channel = (Map<?, ?>) ((List<?>) shown.get("channels")).get(0);
            Map<?, ?> apiChannel = (Map<?, ?>) ((List<?>) api.get("channels")).get(0);
            assertThat(channel.get("name")).isEqualTo(apiChannel.get("name"));
            // The page shows what was pushed up to half a second before the API was asked: never more.
            assertThat(number(channel, "messagesOut")).isPositive()
                    .isLessThanOrEqualTo(number(apiChannel, "messagesOut"));
            assertThat(number(channel, "messagesIn")).isPositive()
                    .isLessThanOrEqualTo(number(apiChannel, "messagesIn"));

            List<String> apiModules = ((List<?>) api.get("modules")).stream().map(m -> (Map<?, ?>) m)
                    .map(m -> m.get("generation") + " " + m.get("label")).toList();
            assertThat(apiModules).containsAll(castList(shown.get("modules"))).isNotEmpty();

            List<?> apiTimeline = (List<?>) api.get("timeline");
            for (Object row : (List<?>) shown.get("committed")) {
                Map<?, ?> entry = (Map<?, ?>) row;
                assertThat(apiTimeline).anySatisfy(e -> {
                    Map<?, ?> a = (Map<?, ?>) e;
                    assertThat(a.get("outcome")).isEqualTo("committed");
                    assertThat(a.get("what")).isEqualTo(entry.get("what"));
                    assertThat(number(a, "t")).isEqualTo(number(entry, "t"));
                    assertThat(number(a, "pauseMs")).isEqualTo(number(entry, "pauseMs"));
                });
            }
            Map<?, ?> totals = (Map<?, ?>) shown.get("totals");
            Map<?, ?> apiTotals = (Map<?, ?>) api.get("totals");
            for (String key : List.of("lost", "duplicated", "reordered")) {
                assertThat(number(totals, key)).as(key).isEqualTo(number(apiTotals, key)).isZero();
            }

            String keep = System.getProperty("dashboard.screenshot");
            if (keep != null) {
                // The picture is worth more once the broken patch has been rolled back, near the demo's end.
                await().atMost(PATIENCE).ignoreExceptions().pollInterval(Duration.ofMillis(100)).until(() -> (Boolean) browser.evaluate(
                        "document.getElementById('timeline').textContent.includes('rolled back')"));
                browser.screenshot(Path.of(keep));
            }
            assertThat(demo.run.get(240, TimeUnit.SECONDS)).as("demo:\n%s\n%s", demo.out, demo.err).isZero();
        }
    }

    private static Map<String, Object> page(HeadlessChromium browser) throws Exception {
        return JSON.std.mapFrom((String) browser.evaluate(READ_PAGE));
    }

    private static double number(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    private static List<String> castList(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }
}
