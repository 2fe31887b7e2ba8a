package dev.patchbay.host.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-thread CPU a scale run prints beside each patch, read from the kernel's counters. */
@EnabledOnOs(OS.LINUX)
class ThreadCpuTest {
    /** Where the busy loop leaves its result, so that the JIT cannot drop the loop. */
    private static volatile long sink;

    @Test
    void countsAThreadsCpuUnderItsKindAndTheRestAsOther() throws Exception {
        ThreadCpu before = ThreadCpu.now();
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch counted = new CountDownLatch(1);
        // Alive until counted: a thread that has ended is gone from /proc, and its CPU with it ("other").
        Thread agent = new Thread(() -> {
            burnQuarterSecond();
            burnt.countDown();
            try {
                counted.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "patchbay-agent-test");
        agent.start();
        assertThat(burnt.await(60, TimeUnit.SECONDS)).isTrue();

        Map<String, Double> seconds = ThreadCpu.now().since(before, 10.0);
        counted.countDown();
        agent.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(seconds.get("agents")).as(seconds.toString()).isBetween(0.2, 9.0);
        assertThat(seconds).containsKey("other");
        assertThat(seconds.get("other")).isLessThan(10.0 - 0.2);
        assertThat(ThreadCpu.describe(seconds)).matches("(\\w[\\w ]* \\d+\\.\\d\\d, )*other \\d+\\.\\d\\d");
    }

    /** Spends a quarter of a second of this thread's own CPU, however loaded the machine is. */
    private static void burnQuarterSecond() {
        var threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - start < TimeUnit.MILLISECONDS.toNanos(250)) {
            for (int i = 0; i < 10_000; i++) {
                x += i * 31L ^ x;
            }
        }
        sink = x;
    }
}
