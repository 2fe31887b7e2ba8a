package dev.patchbay.sharedmem.runtime;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessIdentityTest {

    @Test
    void thisProcessIsAliveAndAnotherStartTimeIsNot() {
        ProcessIdentity me = ProcessIdentity.current();
        assertThat(me.isAlive()).isTrue();
        assertThat(me.isAliveLately()).isTrue();
        assertThat(new ProcessIdentity(me.pid(), me.startTime() + 1).isAlive()).as("a reused pid").isFalse();
    }

    @Test
    void aProcessThatExitedIsNotAlive() throws Exception {
        Process p = new ProcessBuilder("true").start();
        ProcessIdentity identity = ProcessIdentity.of(p.pid()).orElse(new ProcessIdentity(p.pid(), 1));
        p.toHandle().onExit().get(10, TimeUnit.SECONDS);
        assertThat(identity.isAlive()).isFalse();
        assertThat(new ProcessIdentity(0, 1).isAlive()).as("no pid 0").isFalse();
        assertThat(new ProcessIdentity(Long.MAX_VALUE / 2, 1).isAlive()).as("a pid past any").isFalse();
    }

    @Test
    void anotherLiveProcessIsAlive() {
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        ProcessIdentity identity = ProcessIdentity.of(parent).orElseThrow();
        assertThat(identity.isAlive()).isTrue();
    }

    /** A link asks about its peer every 100 ms from the threads that carry its messages. */
    @Test
    void askingAgainAndAgainAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        ProcessIdentity me = ProcessIdentity.current();
        boolean alive = true;
        for (int i = 0; i < 20_000; i++) {
            alive &= me.isAlive();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            alive &= me.isAlive();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(alive).isTrue();
        assertThat(allocated).as("bytes allocated by 10,000 checks").isLessThan(10_000);
    }
}
