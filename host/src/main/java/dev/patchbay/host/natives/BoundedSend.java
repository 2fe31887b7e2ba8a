package dev.patchbay.host.natives;

/**
 * The optional {@code pb_send_timeout} of a native transport: pb_send that gives up when the medium stays full for
 * the timeout, so that a slow peer can be told from a hung module. Bound like {@link NativeAbi}, for the libraries
 * that export it.
 */
public interface BoundedSend {
    /** {@code int pb_send_timeout(pb_link *link, const void *data, uint32_t length, int64_t timeout_ns)}. */
    int sendTimeout(long link, long data, int length, long timeoutNanos);
}
