package dev.patchbay.host;

import dev.patchbay.api.Address;
import dev.patchbay.host.channel.MigrationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a peer's PREPARE may name: fresh meeting points by plain name, never a command or a foreign path. */
class PeerAddressPolicyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "pipe:child?exec=cat                 | its exec= parameter would make this host run a command",
            "fifo:x?exec=touch%20/tmp/owned     | its exec= parameter would make this host run a command",
            "pipe:child                          | pipe:child spawns a process",
            "pipe:stdio                          | is not the pipe:proc address of a peer's pipe:anon listener",
            "fifo:/tmp/elsewhere                 | an absolute name points outside this host's folders",
            "mmap:/var/lib/other/orders          | an absolute name points outside this host's folders",
            "aeron:ipc?aeron.dir=/dev/shm/other  | its aeron.dir= parameter names a path outside this host's folders",
    })
    void refusesWhatSpawnsOrPointsOutside(String address, String why) {
        assertThatThrownBy(() -> PeerAddressPolicy.check(Address.parse(address)))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("this host does not connect to")
                .hasMessageContaining(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe:proc?pid=4242&rfd=7&wfd=8", "fifo:c1-4242-1", "shm:c1-4242-2?size=1m&wait=futex",
            "mmap:c1-4242-3?durability=batch", "nshm:c1-4242-4", "aeron:c1-4242-5",
            "aeron:udp?endpoint=10.0.0.1:40001&control=10.0.0.2:40002"})
    void allowsTheAddressesAHostPicksForItsOwnMigrations(String address) {
        assertThatCode(() -> PeerAddressPolicy.check(Address.parse(address))).doesNotThrowAnyException();
    }
}
