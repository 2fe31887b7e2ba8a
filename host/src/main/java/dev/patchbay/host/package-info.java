/**
 * The Patchbay host: loads backend modules from a plugins folder and gives applications
 * {@link dev.patchbay.host.channel.Channel}s that outlive the link under them.
 *
 * <p>{@link dev.patchbay.host.Patchbay} is the entry point for embedding; {@code module} loads and unloads module
 * generations; {@code channel} carries sequenced messages; {@code cli} is the {@code patchbay} command.
 */
package dev.patchbay.host;
