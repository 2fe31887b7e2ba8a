/**
 * The processes under test when Patchbay is measured: {@link dev.patchbay.bench.harness.peer.SenderMain} and
 * {@link dev.patchbay.bench.harness.peer.ReceiverMain}, each in its own JVM, talking over one Patchbay link. The
 * message layout ({@link dev.patchbay.bench.harness.peer.BenchMessage}) and the launcher's control protocol
 * ({@link dev.patchbay.bench.harness.peer.ControlProtocol}) are shared with the C baselines in
 * {@code bench/src/main/c}.
 */
package dev.patchbay.bench.harness.peer;
