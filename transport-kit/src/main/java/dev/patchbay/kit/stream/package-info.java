/**
 * Framing for byte-stream transports (pipes, fifos, anything that moves bytes rather than messages).
 *
 * <p>A transport supplies a {@link dev.patchbay.kit.stream.ByteStream} (read with a timeout, write, close) and wraps
 * it in a {@link dev.patchbay.kit.stream.StreamLink}, which turns the bytes into whole, checked messages in the
 * format of {@link dev.patchbay.kit.stream.FrameDescriptor}.
 *
 * <p>Part of the transport kit, not of the contract: a plugin bundles it, and the host neither needs nor supplies it.
 */
package dev.patchbay.kit.stream;
