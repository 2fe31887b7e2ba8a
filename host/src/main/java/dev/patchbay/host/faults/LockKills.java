package dev.patchbay.host.faults;

import dev.patchbay.host.demo.PauseStats;
import dev.patchbay.host.examples.CounterExample;
import dev.patchbay.host.examples.CounterResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The lock group: the killed-holder round of {@code patchbay example counter}, {@code rounds} times, each in a
 * fresh segment (fixed offsets and managed segment in turn). A process takes the struct's robust mutex, stops
 * half-way through an update and is killed with SIGKILL while the other queues for the mutex; the next holder must
 * get EOWNERDEAD, undo the half update, and the counter must equal the increments that completed.
 */
final class LockKills {
    private static final int PROCESSES = 2;
    private static final long INCREMENTS = 2_000;

    private final FaultSettings settings;

    LockKills(FaultSettings settings) {
        this.settings = settings;
    }

    GroupResult run(Leftovers leftovers) throws IOException, InterruptedException {
        long start = System.nanoTime();
        CounterExample example = new CounterExample(new PrintWriter(Writer.nullWriter()), settings.plugins(),
                PROCESSES, INCREMENTS, settings.timeout());
        PauseStats recovered = new PauseStats();
        List<String> failures = new ArrayList<>();
        int exact = 0;
        String prefix = "faults-lock-" + ProcessHandle.current().pid() + "-";
        for (int round = 0; round < settings.rounds(); round++) {
            boolean managed = round % 2 == 1;
            String what = "round " + round + (managed ? " (managed segment)" : " (fixed layout)");
            try {
                CounterResult r = example.holderKilled(prefix + round, managed);
                if (r.recoveryNanos() > 0) {
                    recovered.add(r.recoveryNanos());
                    if (r.recoveryNanos() > settings.noticeLimit().toNanos()) {
                        failures.add(String.format("%s: recovered after %.0f ms", what, r.recoveryNanos() / 1e6));
                    }
                }
                if (r.exact()) {
                    exact++;
                } else {
                    failures.add(String.format("%s: counter %d of %d completed, %d recovered", what, r.counter(),
                            r.completed(), r.recovered()));
                }
            } catch (RuntimeException e) {
                failures.add(what + ": " + e.getMessage());
            }
        }
        List<String> notes = List.of(String.format("%d of %d rounds recovered and exact (%d processes, %,d"
                        + " increments each; noticed = SIGKILL to the next holder's undoing the half update)", exact,
                settings.rounds(), PROCESSES, INCREMENTS));
        return new GroupResult(FaultGroup.LOCK, settings.rounds(), recovered, failures, leftovers.afterGc(), notes,
                Duration.ofNanos(System.nanoTime() - start));
    }
}
