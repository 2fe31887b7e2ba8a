package dev.patchbay.host.module;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Availability;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded transport as the host calls it: every open ({@code listen}, {@code accept}, {@code connect}) runs under
 * {@link GuardedCalls} with a time limit, so a module that hangs is abandoned and its generation marked FAILED
 * ("listen did not return within 7 s") instead of wedging a channel, a command or the patch watcher; one that
 * throws something other than a Patchbay error is reported as a broken module, by name. Links are not wrapped: the
 * data path stays a direct call.
 */
final class GuardedTransport implements Transport {
    private final Transport transport;
    private final BackendModule module;

    GuardedTransport(Transport transport, BackendModule module) {
        this.transport = transport;
        this.module = module;
    }

    @Override
    public String scheme() {
        return transport.scheme();
    }

    @Override
    public Capabilities capabilities() {
        return transport.capabilities();
    }

    @Override
    public Availability availability() {
        return transport.availability();
    }

    @Override
    public Optional<Set<String>> parameters() {
        return transport.parameters();
    }

    /** Listening never waits for a peer; the open timeout with slack is the same generous bound as for opens. */
    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        Acceptor acceptor = call("listen on " + address, GuardedCalls.withSlack(options.openTimeout()),
                () -> transport.listen(address, options));
        return new GuardedAcceptor(acceptor, module.label(), this::overran);
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        return call("connect to " + address, GuardedCalls.withSlack(options.openTimeout()),
                () -> transport.connect(address, options));
    }

    private <T> T call(String what, Duration bound, java.util.function.Supplier<T> call) {
        module.requireUsable(what);
        return GuardedCalls.call(module.label(), what, bound, this::overran, call);
    }

    private ModuleException overran(String what, Duration bound) {
        String why = what.substring(0, what.indexOf(' ')) + " did not return within " + seconds(bound);
        module.abandonHung(why);
        return new ModuleException("module " + module.label() + ": " + what + " did not return within "
                + seconds(bound) + "; the module hangs, so it is marked FAILED and will not be used again");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The module's own object behind {@code transport}, if the host guards it. */
    static Transport unwrap(Transport transport) {
        return transport instanceof GuardedTransport guarded ? guarded.transport : transport;
    }

    @Override
    public String toString() {
        return transport.toString();
    }
}
