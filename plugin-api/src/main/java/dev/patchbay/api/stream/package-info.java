/**
 * Framing for byte-stream transports (pipes, fifos, anything that moves bytes rather than messages).
 *
 * <p>A transport supplies a {@link dev.patchbay.api.stream.ByteStream} (read with a timeout, write, close) and wraps
 * it in a {@link dev.patchbay.api.stream.StreamLink}, which turns the bytes into whole, checked messages in the
 * format of {@link dev.patchbay.api.stream.FrameDescriptor}.
 */
package dev.patchbay.api.stream;
