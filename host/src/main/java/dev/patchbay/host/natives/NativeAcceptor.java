package dev.patchbay.host.natives;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkOptions;

import java.time.Duration;

/** A meeting point a native module made with pb_listen; accepting makes a link of the transport's kind. */
final class NativeAcceptor extends NativeHandle implements Acceptor {
    private final NativeTransport transport;
    private final Address address;
    private final LinkOptions options;

    NativeAcceptor(NativeTransport transport, long handle, Address address, LinkOptions options) {
        super(transport.library(), handle);
        this.transport = transport;
        this.address = address;
        this.options = options;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public Link accept(Duration timeout) {
        if (!enter()) {
            throw new LinkClosedException("acceptor " + address + " is closed");
        }
        try (Memory out = new Memory(8)) {
            out.setLong(0, 0);
            int code = abi.accept(handle, timeout.toNanos(), Pointer.nativeValue(out));
            if (code < 0) {
                throw NativeErrors.toException(code, abi, library.fileName() + ": pb_accept(" + address + ")");
            }
            // Still counted: the library cannot be unloaded before the link holds it.
            return transport.link(out.getLong(0), address, options);
        } finally {
            leave();
        }
    }

    @Override
    protected void shutdown() {
        abi.acceptorShutdown(handle);
    }

    @Override
    protected void free() {
        abi.acceptorClose(handle);
    }
}
