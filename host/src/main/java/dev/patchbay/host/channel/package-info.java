/**
 * Channels: long-lived, sequenced message streams between two processes that run over one
 * {@link dev.patchbay.api.Link} at a time and can move to another link without losing, repeating or reordering a
 * message. The frame format is {@link dev.patchbay.host.channel.ChannelFrame}.
 */
package dev.patchbay.host.channel;
