package dev.patchbay.bench.harness.session;

import dev.patchbay.bench.harness.contender.CpuAffinity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Pins real processes, one of which starts and ends threads all the time, as a JVM under test does now and then. */
class ThreadPinnerTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void pinsEveryThreadOfAProcessWhoseThreadsComeAndGo() throws Exception {
        BitSet allowed = CpuAffinity.allowed(ProcessHandle.current().pid());
        assumeTrue(allowed.cardinality() >= 2, "needs two CPUs to move threads between");
        int first = allowed.nextSetBit(0);
        List<BitSet> targets = List.of(only(first), only(allowed.nextSetBit(first + 1)), allowed);
        Process churn = churn();
        Set<Long> seen = new HashSet<>();

        // Plain taskset -a fails against this process most of the time; twenty pinnings in a row must all hold.
        for (int i = 0; i < 20; i++) {
            BitSet target = targets.get(i % targets.size());
            ThreadPinner.pin(churn.pid(), target);

            Map<Long, BitSet> threads = CpuAffinity.allowedPerThread(churn.pid());
            assertThat(threads).as("threads after pinning %d", i).isNotEmpty();
            assertThat(threads.values()).as("CPUs of each thread after pinning %d to %s", i,
                    CpuAffinity.format(target)).allMatch(target::equals);
            seen.addAll(threads.keySet());
        }
        assertThat(seen).as("threads seen over the pinnings: the process did start and end threads meanwhile")
                .hasSizeGreaterThan(CpuAffinity.allowedPerThread(churn.pid()).size() + 20);
    }

    @Test
    void aProcessThatIsGoneIsAClearError() throws Exception {
        Process gone = start(List.of("true"));
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> ThreadPinner.pin(gone.pid(), CpuAffinity.allowed(ProcessHandle.current().pid())))
                .isInstanceOf(PinningException.class)
                .hasMessage("process " + gone.pid() + " is gone");
    }

    @Test
    void aCpuTheKernelRefusesFailsAfterTheAttemptsWithWhatTasksetSaid() throws Exception {
        BitSet possible = CpuAffinity.parse(Files.readString(Path.of("/sys/devices/system/cpu/possible")).strip());
        Process sleeper = start(List.of("sleep", "30"));

        assertThatThrownBy(() -> ThreadPinner.pin(sleeper.pid(), only(possible.length())))
                .isInstanceOf(PinningException.class)
                .hasMessageContaining("after " + ThreadPinner.ATTEMPTS + " attempts, 1 of the 1 threads of process "
                        + sleeper.pid() + " may still run elsewhere than CPUs " + possible.length())
                .hasMessageContaining("; taskset said: taskset: ");
        assertThat(sleeper.isAlive()).isTrue();
    }

    private Process churn() throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process churn = start(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ThreadChurn.class.getName()));
        BufferedReader out = new BufferedReader(new InputStreamReader(churn.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
        return churn;
    }

    private Process start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        started.add(p);
        return p;
    }

    private static BitSet only(int cpu) {
        BitSet cpus = new BitSet();
        cpus.set(cpu);
        return cpus;
    }
}
