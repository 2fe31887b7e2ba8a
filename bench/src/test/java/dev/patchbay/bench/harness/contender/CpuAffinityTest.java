package dev.patchbay.bench.harness.contender;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;

class CpuAffinityTest {

    @Test
    void parsesAndWritesKernelCpuLists() {
        BitSet cpus = CpuAffinity.parse("0-2,5, 7-8");

        assertThat(cpus.stream().toArray()).containsExactly(0, 1, 2, 5, 7, 8);
        assertThat(CpuAffinity.format(cpus)).isEqualTo("0-2,5,7-8");
        assertThat(CpuAffinity.format(new BitSet())).isEqualTo("none");
    }

    @Test
    void readsThisProcessesCpus() {
        long self = ProcessHandle.current().pid();

        assertThat(CpuAffinity.allowed(self).cardinality()).isPositive();
        assertThat(CpuAffinity.allowedAnyThread(self)).isEqualTo(CpuAffinity.allowed(self));
    }
}
