package dev.patchbay.bench.harness.contender;

import dev.patchbay.bench.harness.BenchOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The suites' names are what {@code --backends} selects: each must be distinct and in the usage text. */
class SuitesTest {

    @Test
    void everySuiteHasItsOwnNameAndIsListedInTheUsage() {
        List<String> names = Suites.all(JavaCommand.ofThisJvm(), Path.of("c"), Path.of("baselines")).stream()
                .map(Suite::backend).toList();

        assertThat(names).containsExactly("pipe", "fifo", "shm", "shm-spin", "shm-aeron", "shm-floor",
                "shm-spin-floor", "aeron-udp", "mmap");
        assertThat(names).allSatisfy(name -> assertThat(BenchOptions.USAGE).containsPattern("\\n +" + name + " "));
    }

    @Test
    void onlyTheAeronUdpPairsAreKeptRunningWhileTheOtherIsMeasured() {
        List<Suite> suites = Suites.all(JavaCommand.ofThisJvm(), Path.of("c"), Path.of("baselines"));

        assertThat(suites).filteredOn(s -> !s.ours().survivesStop() || !s.baseline().survivesStop())
                .extracting(Suite::backend).containsExactly("aeron-udp");
        assertThat(suites).filteredOn(s -> s.backend().equals("aeron-udp"))
                .allMatch(s -> !s.ours().survivesStop() && !s.baseline().survivesStop());
    }

    @Test
    void pollingContendersAreMeasuredOnSeparateCpusOnly() {
        List<Suite> suites = Suites.all(JavaCommand.ofThisJvm(), Path.of("c"), Path.of("baselines"));

        assertThat(suites).filteredOn(s -> !s.backend().equals("pipe") && !s.backend().equals("fifo"))
                .allMatch(s -> s.ours().busySpins() && s.baseline().busySpins());
    }
}
