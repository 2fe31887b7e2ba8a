package dev.patchbay.host.natives;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** A meeting point an isolated module made in its helper process; accepting relays the new link onto rings. */
final class IsolatedAcceptor implements Acceptor {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedAcceptor.class);

    private final IsolationHelper helper;
    private final Address address;
    private final LinkOptions options;
    private final int id;
    private final AtomicBoolean closed = new AtomicBoolean();

    private IsolatedAcceptor(IsolationHelper helper, Address address, LinkOptions options, int id) {
        this.helper = helper;
        this.address = address;
        this.options = options;
        this.id = id;
    }

    static IsolatedAcceptor listen(IsolationHelper helper, Address address, LinkOptions options) {
        String id = helper.request("listen " + options.maxMessageSize() + " " + address);
        return new IsolatedAcceptor(helper, address, options, Integer.parseInt(id.strip()));
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public Link accept(Duration timeout) {
        if (closed.get()) {
            throw new LinkClosedException("acceptor " + address + " is closed");
        }
        String rings = helper.request("accept " + id + " " + timeout.toNanos() + " " + NativeTransport.RING_SIZE,
                timeout.plus(IsolationHelper.ANSWER_SLACK));
        return IsolatedLink.open(helper, rings.strip(), address, options);
    }

    /** Also wakes an accept under way, which then fails as closed. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                helper.request("aclose " + id);
            } catch (PatchbayException e) {
                LOG.debug("closing acceptor {} in its helper: {}", address, e.getMessage());
            }
        }
    }
}
