package dev.patchbay.host.natives;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.patchbay.api.Address;
import dev.patchbay.api.MessageHandler;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A native link whose messages go through the module's functions: one pb_send per message, and pb_receive, which
 * returns a batch of messages per call into a buffer of ours. Works with every native transport.
 */
final class CallLink extends NativeLink {
    private static final int INITIAL_BUFFER = 64 * 1024;

    private ByteBuffer sendBuffer = ByteBuffer.allocateDirect(0);
    private long sendAddress;
    /** The direct buffer sent from last, and its address. */
    private ByteBuffer lastDirect;
    private long lastDirectAddress;
    private static final long WAIT_SLICE_NANOS = 100_000_000L;

    private ByteBuffer receiveBuffer;
    private long receiveAddress;
    private ByteBuffer view;
    /** Messages of the last batch not handed out yet, and where the next one starts. */
    private int pending;
    private int next;

    CallLink(LoadedLibrary library, long handle, Address address, int maxMessage) {
        super(library, handle, address, maxMessage);
        receiveBuffer = direct(INITIAL_BUFFER);
        receiveAddress = address(receiveBuffer);
        view = receiveBuffer.duplicate();
    }

    @Override
    protected void transmit(ByteBuffer message, int length) {
        long data;
        if (message.isDirect()) {
            if (message != lastDirect) {
                // JNA makes a Pointer per look-up: look up each buffer once (the join buffer, a caller's own).
                lastDirectAddress = address(message);
                lastDirect = message;
            }
            data = lastDirectAddress + message.position();
        } else {
            if (sendBuffer.capacity() < length) {
                sendBuffer = direct(Math.max(length, INITIAL_BUFFER));
                sendAddress = address(sendBuffer);
            }
            sendBuffer.clear();
            sendBuffer.put(0, message, message.position(), length);
            data = sendAddress;
        }
        int code = sendWatched(data, length);
        if (code < 0) {
            throw failure(code, "pb_send");
        }
    }

    @Override
    protected int take(MessageHandler handler, int limit, long timeoutNanos) {
        if (pending == 0) {
            int code = receiveSliced(timeoutNanos);
            while (code == NativeAbi.PB_ERR_TOO_SMALL) {
                // The next message alone is larger than our buffer; its length is in the first four bytes.
                int needed = receiveBuffer.getInt(0);
                receiveBuffer = direct(needed + 8);
                receiveAddress = address(receiveBuffer);
                view = receiveBuffer.duplicate();
                code = receiveWatched(receiveAddress, receiveBuffer.capacity(), timeoutNanos);
            }
            if (code < 0) {
                throw failure(code, "pb_receive");
            }
            pending = code;
            next = 0;
        }
        ByteBuffer message = view;
        int handled = 0;
        while (handled < limit && pending > 0) {
            int at = (next + 3) & ~3;
            int length = receiveBuffer.getInt(at);
            next = at + 4 + length;
            pending--;
            handled++;
            message.clear().position(at + 4).limit(next);
            deliver(handler, message);
        }
        return handled;
    }

    /**
     * pb_receive in slices of at most {@link #WAIT_SLICE_NANOS}, between which an interrupt of the thread is looked
     * at: it cannot reach a thread inside the native call.
     */
    private int receiveSliced(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long left = Math.max(0, deadline - System.nanoTime());
            int code = receiveWatched(receiveAddress, receiveBuffer.capacity(), Math.min(left, WAIT_SLICE_NANOS));
            // pb_receive says "nothing in time" with 0.
            if (code != 0 || left <= WAIT_SLICE_NANOS) {
                return code;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted("receive");
            }
        }
    }

    private static ByteBuffer direct(int capacity) {
        return ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
    }

    private static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }
}
