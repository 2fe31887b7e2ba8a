/** Starting a contender's pair of processes and driving its sender over the control protocol. */
package dev.patchbay.bench.harness.session;
