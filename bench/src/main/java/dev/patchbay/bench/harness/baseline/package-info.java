/**
 * Baselines written in Java against the plugin API, so that the harness's own sender and receiver drive them as
 * they drive a Patchbay link. Each runs on a class path of its own (its library is never on the harness's), built
 * by {@link dev.patchbay.bench.harness.contender.JavaBaselines}.
 */
package dev.patchbay.bench.harness.baseline;
