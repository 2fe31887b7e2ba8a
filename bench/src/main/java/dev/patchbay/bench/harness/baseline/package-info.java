/**
 * Baselines written in Java against the plugin API, so that the harness's own sender and receiver drive them as
 * they drive a Patchbay link: two Agrona ring buffers in a {@code /dev/shm} file ({@code agrona:}), Aeron IPC with
 * an embedded media driver ({@code aeron:}), and files appended to with {@code FileChannel} ({@code filechannel:}).
 * One that needs a library runs on a class path of its own (its library is never on the harness's, and Agrona
 * never beside aeron-all), built by {@link dev.patchbay.bench.harness.contender.JavaBaselines}; the FileChannel
 * baseline needs only the JDK.
 */
package dev.patchbay.bench.harness.baseline;
