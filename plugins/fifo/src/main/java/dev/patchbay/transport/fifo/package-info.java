/**
 * The named-pipe backend, {@code fifo:} addresses: two unrelated processes meet by name.
 *
 * <p>{@code fifo:orders} lives in the per-user runtime folder ({@code <runtime>/fifo}, mode 0700) as two fifos,
 * {@code orders.c2s} (connector to server) and {@code orders.s2c}, mode 0600, plus {@code orders.owner}, which
 * names the listening process. The listener unlinks all three as soon as the peer has connected, so a running
 * link leaves nothing in the file system, and a crash leaves files the janitor can attribute to a dead process.
 */
package dev.patchbay.transport.fifo;
