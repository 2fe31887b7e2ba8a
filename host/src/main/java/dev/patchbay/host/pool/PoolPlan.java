package dev.patchbay.host.pool;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What happens to the pool while its tasks flow, each at its point of the run: a worker killed with SIGKILL at a
 * quarter of the tasks, every worker moved to another backend at half, a patch dropped into the plugins folder at
 * three quarters (so that a patch of the backend swapped to rolls through the workers).
 *
 * @param killOne SIGKILL one worker
 * @param patch   a module file to drop into the plugins folder, or null
 * @param swapTo  the backend to move every worker to, one at a time, or null
 * @param timeout how long the whole run may take
 */
public record PoolPlan(boolean killOne, Path patch, String swapTo, Duration timeout) {
}
