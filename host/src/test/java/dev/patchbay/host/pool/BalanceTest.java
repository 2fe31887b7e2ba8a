package dev.patchbay.host.pool;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which worker each policy picks, given what each holds (no processes: the choice alone). */
class BalanceTest {
    private static List<WorkerHandle> workers(int... loads) {
        List<WorkerHandle> workers = new ArrayList<>();
        long id = 0;
        for (int i = 0; i < loads.length; i++) {
            WorkerHandle w = new WorkerHandle(i + 1, 1000 + i, null);
            for (int j = 0; j < loads[i]; j++) {
                w.hold(id++);
            }
            workers.add(w);
        }
        return workers;
    }

    @Test
    void leastOutstandingPicksTheLightestWorkerWithRoom() {
        List<WorkerHandle> w = workers(5, 2, 7, 2);
        assertThat(Balance.LEAST_OUTSTANDING.pick(w, 8, new int[1]).number()).isEqualTo(2);
        assertThat(Balance.LEAST_OUTSTANDING.pick(workers(8, 8), 8, new int[1])).isNull();
    }

    @Test
    void leastOutstandingBreaksTiesInTurn() {
        List<WorkerHandle> idle = workers(0, 0, 0);
        int[] turn = {0};
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picked.add(Balance.LEAST_OUTSTANDING.pick(idle, 8, turn).number());
        }
        assertThat(picked).containsExactly(1, 2, 3, 1);
    }

    @Test
    void roundRobinTakesTurnsAndSkipsFullWindows() {
        List<WorkerHandle> w = workers(0, 8, 0);
        int[] turn = {0};
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picked.add(Balance.ROUND_ROBIN.pick(w, 8, turn).number());
        }
        assertThat(picked).containsExactly(1, 3, 1, 3);
    }

    @Test
    void aPolicyIsNamedAsOnTheCommandLine() {
        assertThat(Balance.of("round-robin")).isEqualTo(Balance.ROUND_ROBIN);
        assertThat(Balance.of("Least-Outstanding")).isEqualTo(Balance.LEAST_OUTSTANDING);
        assertThatThrownBy(() -> Balance.of("random")).hasMessageContaining("choose least-outstanding or round-robin");
    }
}
