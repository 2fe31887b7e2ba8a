package dev.patchbay.sharedmem.ring;

import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.WaitStrategy;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A producer written in C from docs/PROTOCOL.md alone (src/test/c/ring_producer.c) feeds rings made here: the
 * document is enough for a peer. Skipped where no C compiler is installed.
 */
class CPeerRingTest {
    private static Path producer;
    private Segment segment;

    @BeforeAll
    static void compile() throws Exception {
        Path out = Path.of("target", "c-peer");
        Files.createDirectories(out);
        producer = out.resolve("ring_producer");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-std=c11", "-O2", "-Wall", "-Werror", "-o", producer.toString(),
                    "src/test/c/ring_producer.c").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no C compiler: " + e.getMessage());
            return;
        }
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cc.exitValue()).as(output).isZero();
    }

    @AfterEach
    void tearDown() {
        if (segment != null) {
            segment.close();
        }
    }

    @Test
    void aCProducerFeedsAOneToOneRing() throws Exception {
        consumeFromCProducers(RingSpec.oneToOne(64 * 1024), 300_000, 1);
    }

    @Test
    void twoCProducersFeedAManyToOneRing() throws Exception {
        consumeFromCProducers(RingSpec.manyToOne(64 * 1024), 200_000, 2);
    }

    private void consumeFromCProducers(RingSpec spec, int perProducer, int producers) throws Exception {
        String name = TestNames.random("cpeer");
        segment = Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW, spec.requiredLength()));
        RingBuffer ring = RingBuffer.create(segment.data().slice(0, spec.requiredLength()), spec);
        List<Process> running = new ArrayList<>();
        try {
            for (int id = 1; id <= producers; id++) {
                running.add(new ProcessBuilder(producer.toString(), name, Integer.toString(id),
                        Integer.toString(perProducer)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            long[] next = new long[producers + 1];
            long received = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received < (long) perProducer * producers && System.nanoTime() < deadline) {
                received += ring.poll((type, buffer, index, length) -> {
                    long seq = buffer.getLong(index);
                    assertThat(seq).isEqualTo(next[type]);
                    RingRecords.check(buffer, index, length, type, seq);
                    next[type]++;
                }, 1000, WaitStrategy.backoff(), Duration.ofMillis(100));
            }
            assertThat(received).isEqualTo((long) perProducer * producers);
            for (Process p : running) {
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
                        .isEqualTo("DONE " + perProducer);
                assertThat(p.exitValue()).isZero();
            }
        } finally {
            running.forEach(Process::destroyForcibly);
        }
    }
}
