package dev.patchbay.sharedmem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian {@link VarHandle} views on byte buffers, the one way shared-mem code touches multi-byte fields of
 * shared memory. On a direct buffer they give plain, opaque, acquire/release and volatile access and compare-and-set
 * to naturally aligned fields, with the same meaning as the C11 atomics a C peer uses on the same bytes.
 *
 * <p>Also the fixed-length text fields of our headers: ASCII, padded with NUL bytes.
 */
public final class MemoryViews {
    /** int32 fields. */
    public static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** int64 fields. */
    public static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** IEEE 754 binary64 fields (no atomic arithmetic; compare-and-set compares the bits). */
    public static final VarHandle DOUBLE =
            MethodHandles.byteBufferViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private static final byte[] ZEROS = new byte[4096];

    private MemoryViews() {
    }

    /** Sets {@code length} bytes from {@code index} to zero with plain writes. */
    public static void zero(ByteBuffer buffer, int index, int length) {
        int done = 0;
        while (done < length) {
            int n = Math.min(ZEROS.length, length - done);
            buffer.put(index + done, ZEROS, 0, n);
            done += n;
        }
    }

    /**
     * Writes {@code text} as ASCII into a field of {@code fieldLength} bytes, padding with NUL bytes.
     *
     * @throws IllegalArgumentException if the text is not ASCII or does not fit with at least one NUL after it
     */
    public static void putAscii(ByteBuffer buffer, int index, int fieldLength, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text) || bytes.length >= fieldLength) {
            throw new IllegalArgumentException("'" + text + "' does not fit an ASCII field of " + fieldLength
                    + " bytes (at most " + (fieldLength - 1) + " characters)");
        }
        buffer.put(index, bytes);
        zero(buffer, index + bytes.length, fieldLength - bytes.length);
    }

    /** Reads a NUL-padded ASCII field; the text ends at the first NUL or at the end of the field. */
    public static String getAscii(ByteBuffer buffer, int index, int fieldLength) {
        byte[] bytes = new byte[fieldLength];
        buffer.get(index, bytes);
        int n = 0;
        while (n < fieldLength && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.US_ASCII);
    }

    /** {@code value} rounded up to a multiple of {@code alignment}, a power of two. */
    public static long align(long value, int alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /** {@code value} rounded up to a multiple of {@code alignment}, a power of two. */
    public static int align(int value, int alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
