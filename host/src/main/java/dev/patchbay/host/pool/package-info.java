/**
 * A process pool over Patchbay channels: a dispatcher spawns worker processes (the CLI's hidden
 * {@code pool-worker} command) over anonymous pipes, hands them tasks with load balancing, accounts for every task
 * coming back exactly once, reassigns what a dead worker held and spawns a replacement, and moves the workers to
 * another backend or a patched one, one channel at a time, while tasks flow.
 */
package dev.patchbay.host.pool;
