package dev.patchbay.sharedmem.io;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;

/**
 * The native address of direct buffers. JNA makes a {@link Pointer} object per look-up, so each instance remembers
 * the last buffer it was asked about: a stream that reuses its buffers looks each one up once.
 */
final class NativeAddress {
    private ByteBuffer buffer;
    private long address;

    /** The address of byte 0 of {@code b}, which must be direct. */
    static long of(ByteBuffer b) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(b));
    }

    /** The address of the byte at {@code b}'s position. */
    long atPosition(ByteBuffer b) {
        if (b != buffer) {
            address = of(b);
            buffer = b;
        }
        return address + b.position();
    }
}
