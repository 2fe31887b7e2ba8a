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

    /** The numbers of the workers {@code balance} picks, {@code count} times in a row (window 8, loads fixed). */
    private static List<Integer> picks(Balance balance, List<WorkerHandle> workers, int count) {
        int[] turn = {0};
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picked.add(balance.pick(workers, 8, turn).number());
        }
        return picked;
    }

    @Test
    void leastOutstandingPicksTheLightestWorkerWithRoom() {
        List<WorkerHandle> w = workers(5, 2, 7, 2);
        assertThat(Balance.LEAST_OUTSTANDING.pick(w, 8, new int[1]).number()).isEqualTo(2);
        assertThat(Balance.LEAST_OUTSTANDING.pick(workers(8, 8), 8, new int[1])).isNull();
    }

    @Test
    void leastOutstandingBreaksTiesInTurn() {
        assertThat(picks(Balance.LEAST_OUTSTANDING, workers(0, 0, 0), 4)).containsExactly(1, 2, 3, 1);
    }

    @Test
    void roundRobinTakesTurnsAndSkipsFullWindows() {
        assertThat(picks(Balance.ROUND_ROBIN, workers(0, 8, 0), 4)).containsExactly(1, 3, 1, 3);
    }

    @Test
    void aPolicyIsNamedAsOnTheCommandLine() {
        assertThat(Balance.of("round-robin")).isEqualTo(Balance.ROUND_ROBIN);
        assertThat(Balance.of("Least-Outstanding")).isEqualTo(Balance.LEAST_OUTSTANDING);
        assertThatThrownBy(() -> Balance.of("random")).hasMessageContaining("choose least-outstanding or round-robin");
    }
}
