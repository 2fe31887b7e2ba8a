package dev.patchbay.bench.harness.baseline;

import dev.patchbay.bench.harness.contender.Contender;
import dev.patchbay.bench.harness.contender.JavaBaselines;
import dev.patchbay.bench.harness.contender.JavaCommand;
import dev.patchbay.bench.harness.contender.PatchbayContenders;
import dev.patchbay.bench.harness.contender.SessionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs both pairs of the aeron-udp suite as the harness would, over loopback UDP with an embedded media driver in
 * every process, and checks that they answer the control protocol with sane figures and leave no driver folder
 * behind. 64 KiB messages go as fragments. No timing is asserted.
 */
class AeronUdpBaselineTest {

    @Test
    void rawAeronUdpPairAnswersTheLauncherAndCleansUp(@TempDir Path work) throws Exception {
        Path baselines = Path.of(System.getProperty("patchbay.bench.baselines.dir", "target/baselines"));
        Contender aeron = JavaBaselines.aeronUdp(JavaCommand.ofThisJvm(), baselines);
        SessionSpec spec = new SessionSpec("aeron-udp-test-65536", 64 * 1024, 1000, work);

        PairCheck.exchanges(aeron, spec);

        String folder = "patchbay-bench-" + ProcessHandle.current().pid() + "-" + spec.id() + "-aeron";
        assertThat(Path.of("/dev/shm", folder + "-listener")).doesNotExist();
        assertThat(Path.of("/dev/shm", folder + "-connector")).doesNotExist();
    }

    @Test
    void patchbayAeronUdpPairAnswersTheLauncherAndCleansUp(@TempDir Path work) throws Exception {
        Contender ours = PatchbayContenders.aeronUdp(JavaCommand.ofThisJvm());
        SessionSpec spec = new SessionSpec("aeron-udp-test-1344", 1344, 1000, work);

        PairCheck.exchanges(ours, spec);

        assertThat(driverFolders(spec.runtimeDir().resolve("aeron"))).isZero();
    }

    private static long driverFolders(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("driver-")).count();
        }
    }
}
