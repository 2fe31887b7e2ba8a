package dev.patchbay.host.natives;

/** The template of a {@link BoundedSend} implementation, copied and bound per library as {@link NativeBinding}. */
public final class BoundedSendBinding implements BoundedSend {

    public BoundedSendBinding() {
    }

    private static native int pb_send_timeout(long link, long data, int length, long timeoutNanos);

    @Override
    public int sendTimeout(long link, long data, int length, long timeoutNanos) {
        return pb_send_timeout(link, data, length, timeoutNanos);
    }
}
