/**
 * The Aeron backend, {@code aeron:} addresses: links over Aeron's UDP transport, between processes on two machines
 * or on one, and over Aeron IPC through one media driver.
 *
 * <p>Aeron and the copy of Agrona it carries are inside this plugin's jar, so every generation loads its own and
 * unloads it with its class loader: nothing of them sits on the host's class path. Each process starts an embedded
 * media driver while it has Aeron links ({@code <runtime>/aeron/driver-<pid>-<start>-<random>}, removed when the
 * last link closes, or by the next driver when its process died) unless an address names an external one with
 * {@code aeron.dir=}.
 */
package dev.patchbay.transport.aeron;
