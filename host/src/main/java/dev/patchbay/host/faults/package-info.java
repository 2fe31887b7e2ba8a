/**
 * The fault suite ({@code patchbay faults}): real processes killed with SIGKILL in every situation that matters —
 * a peer idle, under traffic and in each phase of a migration; a robust-lock holder; a mapped log's writer and
 * reader — and swaps under load, each group followed by the janitor and a count of what this run left behind.
 */
package dev.patchbay.host.faults;
