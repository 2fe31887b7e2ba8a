/**
 * The cross-process benchmark harness: every Patchbay backend against a baseline a user would pick instead, in the
 * same run, with the results written to docs/BENCHMARKS.md. {@link dev.patchbay.bench.harness.BenchMain} is the
 * launcher; {@code contender} says what is compared with what, {@code session} drives the process pairs,
 * {@code peer} holds the processes under test, {@code result} the figures and {@code report} the document.
 */
package dev.patchbay.bench.harness;
