package dev.patchbay.host.natives;

/**
 * The C ABI of a native transport ({@code plugins/native/include/patchbay_transport.h}) as Java sees it: one
 * method per required function, pointers as {@code long} addresses. Each loaded library gets its own
 * implementation bound to it by JNA direct mapping (see {@link BindingSlots}), so calls cost a JNI transition and
 * no reflection.
 *
 * <p>The methods return the C results unchanged: {@code >= 0} on success, a negative {@code PB_ERR_*} code on
 * failure ({@link NativeErrors} turns those into exceptions).
 */
public interface NativeAbi {
    int PB_OK = 0;
    int PB_ERR_TIMEOUT = -1;
    int PB_ERR_PEER_CLOSED = -2;
    int PB_ERR_CLOSED = -3;
    int PB_ERR_TOO_LARGE = -4;
    int PB_ERR_CORRUPT = -5;
    int PB_ERR_ADDRESS = -6;
    int PB_ERR_IO = -7;
    int PB_ERR_TOO_SMALL = -8;
    int PB_ERR_UNSUPPORTED = -9;
    int PB_ERR_INVALID = -10;
    int PB_ERR_NOT_OWNED = -11;

    int PB_CAP_BYTE_STREAM = 0x1;
    int PB_CAP_PERSISTENT = 0x2;
    int PB_CAP_CROSSES_MACHINES = 0x4;
    /** Rings with the shared-mem message records; 0x8, rings with nshm 1.x fragments, is ignored. */
    int PB_CAP_SHARED_RINGS = 0x10;

    int PB_AWAIT_READABLE = 1;
    int PB_AWAIT_WRITABLE = 2;

    /** {@code const struct pb_module_info *pb_module_info(void)}. */
    long moduleInfo();

    /** {@code const char *pb_last_error(void)}. */
    long lastError();

    /** {@code int pb_listen(const char *address, uint32_t max_message, pb_acceptor **out)}. */
    int listen(String address, int maxMessage, long out);

    /** {@code int pb_accept(pb_acceptor *acceptor, int64_t timeout_ns, pb_link **out)}. */
    int accept(long acceptor, long timeoutNanos, long out);

    /** {@code void pb_acceptor_shutdown(pb_acceptor *acceptor)}. */
    void acceptorShutdown(long acceptor);

    /** {@code void pb_acceptor_close(pb_acceptor *acceptor)}. */
    void acceptorClose(long acceptor);

    /** {@code int pb_connect(const char *address, uint32_t max_message, int64_t timeout_ns, pb_link **out)}. */
    int connect(String address, int maxMessage, long timeoutNanos, long out);

    /** {@code int pb_send(pb_link *link, const void *data, uint32_t length)}. */
    int send(long link, long data, int length);

    /** {@code int pb_receive(pb_link *link, void *buffer, uint32_t capacity, int64_t timeout_ns)}. */
    int receive(long link, long buffer, int capacity, long timeoutNanos);

    /** {@code void pb_shutdown(pb_link *link)}. */
    void shutdown(long link);

    /** {@code void pb_close(pb_link *link)}. */
    void close(long link);

    /** {@code int pb_link_rings(pb_link *link, void **tx_ring, void **rx_ring)}. */
    int linkRings(long link, long txOut, long rxOut);

    /** {@code int pb_await(pb_link *link, int what, uint32_t length, int64_t timeout_ns)}. */
    int await(long link, int what, int length, long timeoutNanos);
}
