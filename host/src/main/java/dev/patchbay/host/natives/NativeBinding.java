package dev.patchbay.host.natives;

/**
 * The template of a {@link NativeAbi} implementation: its static natives are bound by JNA direct mapping to one
 * library. JNA binds a class to one library at a time, and two generations of a module are loaded side by side
 * during a patch, so {@link BindingSlots} defines a copy of this class per slot, each in its own small class
 * loader, and binds each copy to one library. This class itself is never bound.
 */
public final class NativeBinding implements NativeAbi {

    public NativeBinding() {
    }

    private static native long pb_module_info();

    private static native long pb_last_error();

    private static native int pb_listen(String address, int maxMessage, long out);

    private static native int pb_accept(long acceptor, long timeoutNanos, long out);

    private static native void pb_acceptor_shutdown(long acceptor);

    private static native void pb_acceptor_close(long acceptor);

    private static native int pb_connect(String address, int maxMessage, long timeoutNanos, long out);

    private static native int pb_send(long link, long data, int length);

    private static native int pb_receive(long link, long buffer, int capacity, long timeoutNanos);

    private static native void pb_shutdown(long link);

    private static native void pb_close(long link);

    private static native int pb_link_rings(long link, long txOut, long rxOut);

    private static native int pb_await(long link, int what, int length, long timeoutNanos);

    @Override
    public long moduleInfo() {
        return pb_module_info();
    }

    @Override
    public long lastError() {
        return pb_last_error();
    }

    @Override
    public int listen(String address, int maxMessage, long out) {
        return pb_listen(address, maxMessage, out);
    }

    @Override
    public int accept(long acceptor, long timeoutNanos, long out) {
        return pb_accept(acceptor, timeoutNanos, out);
    }

    @Override
    public void acceptorShutdown(long acceptor) {
        pb_acceptor_shutdown(acceptor);
    }

    @Override
    public void acceptorClose(long acceptor) {
        pb_acceptor_close(acceptor);
    }

    @Override
    public int connect(String address, int maxMessage, long timeoutNanos, long out) {
        return pb_connect(address, maxMessage, timeoutNanos, out);
    }

    @Override
    public int send(long link, long data, int length) {
        return pb_send(link, data, length);
    }

    @Override
    public int receive(long link, long buffer, int capacity, long timeoutNanos) {
        return pb_receive(link, buffer, capacity, timeoutNanos);
    }

    @Override
    public void shutdown(long link) {
        pb_shutdown(link);
    }

    @Override
    public void close(long link) {
        pb_close(link);
    }

    @Override
    public int linkRings(long link, long txOut, long rxOut) {
        return pb_link_rings(link, txOut, rxOut);
    }

    @Override
    public int await(long link, int what, int length, long timeoutNanos) {
        return pb_await(link, what, length, timeoutNanos);
    }
}
