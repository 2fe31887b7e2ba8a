package dev.patchbay.sharedmem.segment;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A range of shared memory: {@code length} bytes from index {@code offset} of a direct buffer, with the native
 * address of that buffer for the C objects (mutexes, semaphores, futex words) that live there. Ring buffers, locks,
 * typed values and managed heaps are made on a region.
 *
 * <p>A region does not own its memory: it is valid while the {@link Segment} it came from is open. Touching a
 * region of a closed segment is touching unmapped memory, which kills the JVM; close segments last.
 */
public final class Region {
    private final ByteBuffer buffer;
    private final long baseAddress;
    private final int offset;
    private final int length;

    private Region(ByteBuffer buffer, long baseAddress, int offset, int length) {
        this.buffer = buffer;
        this.baseAddress = baseAddress;
        this.offset = offset;
        this.length = length;
    }

    /** The whole of a direct buffer as a region: for memory that is not a segment (tests, benchmarks). */
    public static Region of(ByteBuffer direct) {
        Objects.requireNonNull(direct, "direct");
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("a region needs a direct buffer (it has a native address)");
        }
        ByteBuffer whole = direct.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
        return new Region(whole, Pointer.nativeValue(Native.getDirectBufferPointer(whole)), 0, whole.capacity());
    }

    static Region ofMapping(ByteBuffer mapping, long address, int offset, int length) {
        return new Region(mapping, address, offset, length).check(0, mapping.capacity(), offset, length);
    }

    /**
     * The sub-range {@code [relativeOffset, relativeOffset + length)} of this region.
     *
     * @throws IndexOutOfBoundsException if it does not lie inside this region
     */
    public Region slice(int relativeOffset, int length) {
        return new Region(buffer, baseAddress, offset + relativeOffset, length)
                .check(offset, this.length, offset + relativeOffset, length);
    }

    private Region check(int parentOffset, int parentLength, int newOffset, int newLength) {
        if (newLength < 0 || newOffset < parentOffset
                || (long) newOffset + newLength > (long) parentOffset + parentLength) {
            throw new IndexOutOfBoundsException("region [offset=" + newOffset + ", length=" + newLength
                    + "] is outside [offset=" + parentOffset + ", length=" + parentLength + "]");
        }
        return this;
    }

    /**
     * The buffer the region lies in, little-endian; index {@link #offset()} is the region's first byte. All the
     * regions of a segment share one buffer; use absolute indices, never its position or limit.
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** The index of the region's first byte in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** The number of bytes in the region. */
    public int length() {
        return length;
    }

    /** The native address of the region's first byte. */
    public long address() {
        return baseAddress + offset;
    }

    /**
     * Checks that the region starts on a multiple of {@code alignment} bytes in memory and holds at least
     * {@code minLength} bytes.
     *
     * @param what names the object for the message, e.g. "ring buffer"
     */
    public Region require(String what, int alignment, long minLength) {
        if ((address() & (alignment - 1)) != 0) {
            throw new IllegalArgumentException(what + " needs a region aligned to " + alignment
                    + " bytes; offset=" + offset + " is not (address 0x" + Long.toHexString(address()) + ")");
        }
        if (length < minLength) {
            throw new IllegalArgumentException("insufficient capacity for " + what + ": minLength=" + minLength
                    + ", length=" + length);
        }
        return this;
    }

    @Override
    public String toString() {
        return "Region[offset=" + offset + ", length=" + length + ", address=0x" + Long.toHexString(address()) + "]";
    }
}
