/**
 * What is compared with what: a {@link dev.patchbay.bench.harness.contender.Contender} says how to start one pair
 * of processes, a {@link dev.patchbay.bench.harness.contender.Suite} pairs Patchbay's contender for a backend with a
 * baseline and the targets, and {@link dev.patchbay.bench.harness.contender.Suites} lists them all.
 */
package dev.patchbay.bench.harness.contender;
