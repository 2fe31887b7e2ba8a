package dev.patchbay.host.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardAddressTest {
    @Test
    void aBarePortIsOnTheLoopbackInterface() {
        DashboardAddress at = DashboardAddress.parse("8080");
        assertThat(at.port()).isEqualTo(8080);
        assertThat(at.loopback()).isTrue();
    }

    @Test
    void hostAndPortAreReadAndOnlyLoopbackCountsAsLoopback() {
        assertThat(DashboardAddress.parse("127.0.0.1:0").loopback()).isTrue();
        assertThat(DashboardAddress.parse("[::1]:9000").loopback()).isTrue();
        assertThat(DashboardAddress.parse("0.0.0.0:9000").loopback()).isFalse();
    }

    @Test
    void badInputSaysWhatIsWrong() {
        assertThatThrownBy(() -> DashboardAddress.parse("http")).hasMessageContaining("not a port number");
        assertThatThrownBy(() -> DashboardAddress.parse("70000")).hasMessageContaining("0 to 65535");
    }
}
