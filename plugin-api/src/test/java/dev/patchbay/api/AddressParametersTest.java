package dev.patchbay.api;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A parameter the transport does not read is an error that names the ones it does. */
class AddressParametersTest {
    private static final Set<String> SHM = Set.of("flavor", "size", "wait");

    @Test
    void aTypoIsRefusedWithTheCloseNameAndEveryKnownOne() {
        assertThatThrownBy(() -> Address.parse("shm:x?sise=1m").requireKnownParams(SHM))
                .isInstanceOf(AddressException.class)
                .hasMessage("address 'shm:x?sise=1m' has an unknown parameter 'sise' (did you mean 'size'?); shm:"
                        + " takes flavor, maxMessage, openTimeout, size, wait");
        assertThatThrownBy(() -> Address.parse("fifo:x?colour=red").requireKnownParams(Set.of()))
                .hasMessageContaining("unknown parameter 'colour'; fifo: takes maxMessage, openTimeout");
    }

    @Test
    void knownAndCommonParametersPass() {
        Address address = Address.parse("shm:x?size=1m&wait=futex&openTimeout=5s&maxMessage=1m");
        assertThat(address.requireKnownParams(SHM)).isSameAs(address);
    }
}
