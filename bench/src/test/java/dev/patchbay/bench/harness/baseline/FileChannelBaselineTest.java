package dev.patchbay.bench.harness.baseline;

import dev.patchbay.bench.harness.contender.CommandContender;
import dev.patchbay.bench.harness.contender.Contender;
import dev.patchbay.bench.harness.contender.JavaBaselines;
import dev.patchbay.bench.harness.contender.JavaCommand;
import dev.patchbay.bench.harness.contender.PairCommands;
import dev.patchbay.bench.harness.contender.SessionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the FileChannel baseline as the harness would and checks that it answers the control protocol with sane
 * figures and deletes its files. Waits with backoff; no timing is asserted.
 */
class FileChannelBaselineTest {

    @Test
    void fileChannelPairAnswersTheLauncherAndCleansUp(@TempDir Path work) throws Exception {
        Contender files = JavaBaselines.fileChannel(JavaCommand.ofThisJvm());
        SessionSpec spec = new SessionSpec("filechannel-test-1344", 1344, 1000, work);

        PairCheck.exchanges(files, spec);

        assertThat(work.resolve("patchbay-bench-" + spec.id())).doesNotExist();
    }

    /**
     * With files of 64 KiB, every 64 KiB message starts a new file: the reader goes from file to file, deletes each,
     * and the writer waits when it runs {@link FileLogLayout#FILES_AHEAD} files ahead.
     */
    @Test
    void largeMessagesGoFromFileToFile(@TempDir Path work) throws Exception {
        JavaCommand java = JavaCommand.ofThisJvm();
        Contender files = new CommandContender("FileChannel append, 64 KiB files", "backoff", true, spec -> {
            String address = "filechannel:" + work.resolve("patchbay-bench-" + spec.id()) + "?roll=64k";
            String transport = FileChannelTransport.class.getName();
            return PairCommands.separate(java.receiver(spec, "--transport", transport, "--listen", address),
                    java.sender(spec, "--transport", transport, "--connect", address));
        });
        SessionSpec spec = new SessionSpec("filechannel-roll-65536", 64 * 1024, 1000, work);

        PairCheck.exchanges(files, spec);

        assertThat(work.resolve("patchbay-bench-" + spec.id())).doesNotExist();
    }
}
