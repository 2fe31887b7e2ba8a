/**
 * The {@code patchbay} command line (picocli). Commands print their results to stdout and one-line errors to stderr;
 * a user error never shows a stack trace ({@code -v} shows logs).
 */
package dev.patchbay.host.cli;
