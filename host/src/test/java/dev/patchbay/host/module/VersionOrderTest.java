package dev.patchbay.host.module;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Plugin versions sort the way their authors mean them, a fourth hotfix part included. */
class VersionOrderTest {
    @Test
    void aHotfixPartOutranksTheReleaseItFixes() {
        assertThat(VersionOrder.INSTANCE.compare("1.0.0.1", "1.0.0")).isPositive();
        assertThat(VersionOrder.INSTANCE.compare("1.0.0", "1.0.0.1")).isNegative();
        assertThat(VersionOrder.INSTANCE.compare("1.0.1", "1.0.0.9")).isPositive();
    }

    @Test
    void numericPartsPreReleasesAndShortFormsFollowSemver() {
        List<String> versions = new ArrayList<>(List.of("1.0.10", "1.0.2-broken", "1.0.0", "1.0.9", "1.0.0-rc1",
                "1.0.0.1", "1.0.9-rc1", "0.9", "1.0.0-alpha"));
        versions.sort(VersionOrder.INSTANCE);
        assertThat(versions).containsExactly("0.9", "1.0.0-alpha", "1.0.0-rc1", "1.0.0", "1.0.0.1", "1.0.2-broken",
                "1.0.9-rc1", "1.0.9", "1.0.10");
        assertThat(VersionOrder.INSTANCE.compare("1.0", "1.0.0")).isZero();
    }
}
