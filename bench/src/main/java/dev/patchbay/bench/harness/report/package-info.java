/** The published report: docs/BENCHMARKS.md with its tables, and the SVG chart of the ratios. */
package dev.patchbay.bench.harness.report;
