package dev.patchbay.sharedmem.sync;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CloseGateTest {

    @Test
    void releasesAtOnceWhenNobodyIsInsideAndOnlyOnce() {
        AtomicInteger releases = new AtomicInteger();
        CloseGate gate = new CloseGate(releases::incrementAndGet);
        assertThat(gate.close()).isTrue();
        assertThat(gate.close()).isFalse();
        assertThat(releases).hasValue(1);
        assertThat(gate.enterSend()).isFalse();
        assertThat(gate.enterReceive()).isFalse();
        assertThat(releases).hasValue(1);
    }

    @Test
    void theLastThreadToLeaveReleases() {
        AtomicInteger releases = new AtomicInteger();
        CloseGate gate = new CloseGate(releases::incrementAndGet);
        assertThat(gate.enterReceive()).isTrue();
        assertThat(gate.enterSend()).isTrue();
        gate.close();
        assertThat(releases).hasValue(0);
        gate.exitReceive();
        assertThat(releases).hasValue(0);
        gate.exitSend();
        assertThat(releases).hasValue(1);
        assertThat(gate.isClosed()).isTrue();
    }

    @Test
    void memoryIsNeverReleasedUnderAThreadInside() throws Exception {
        for (int round = 0; round < 200; round++) {
            AtomicBoolean inside = new AtomicBoolean();
            AtomicBoolean releasedUnderUse = new AtomicBoolean();
            AtomicInteger releases = new AtomicInteger();
            CloseGate gate = new CloseGate(() -> {
                releases.incrementAndGet();
                if (inside.get()) {
                    releasedUnderUse.set(true);
                }
            });
            CountDownLatch started = new CountDownLatch(1);
            Thread user = new Thread(() -> {
                started.countDown();
                while (gate.enterSend()) {
                    inside.set(true);
                    Thread.onSpinWait();
                    inside.set(false);
                    gate.exitSend();
                }
            });
            user.start();
            started.await();
            gate.close();
            user.join();
            assertThat(releasedUnderUse).isFalse();
            assertThat(releases).hasValue(1);
        }
    }
}
