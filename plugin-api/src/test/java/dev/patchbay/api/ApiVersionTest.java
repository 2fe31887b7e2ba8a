package dev.patchbay.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiVersionTest {

    @Test
    void currentVersionComesFromTheBuild() {
        assertThat(ApiVersion.CURRENT).isEqualTo(ApiVersion.parse("2.0"));
    }

    @Test
    void acceptsSameMajorWithNoNewerMinor() {
        ApiVersion host = new ApiVersion(1, 2);
        assertThat(host.accepts(new ApiVersion(1, 0))).isTrue();
        assertThat(host.accepts(new ApiVersion(1, 2))).isTrue();
        assertThat(host.accepts(new ApiVersion(1, 3))).isFalse();
        assertThat(host.accepts(new ApiVersion(2, 0))).isFalse();
        assertThat(host.accepts(new ApiVersion(0, 9))).isFalse();
        assertThat(host.acceptedRange()).isEqualTo("1.0 to 1.2");
    }

    @Test
    void refusesMalformedVersions() {
        assertThatThrownBy(() -> ApiVersion.parse("one")).hasMessageContaining("'one' is not an API version");
        assertThatThrownBy(() -> ApiVersion.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
