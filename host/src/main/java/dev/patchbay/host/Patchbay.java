package dev.patchbay.host;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelFrame;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.TransportRef;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The host, embedded: loads the backends in a plugins folder and opens {@link Channel}s over them.
 *
 * <pre>{@code
 * try (Patchbay host = Patchbay.start(pluginsDir);
 *      Channel channel = host.connect("fifo:orders")) {
 *     channel.send(ByteBuffer.wrap(bytes));
 * }
 * }</pre>
 */
public final class Patchbay implements AutoCloseable {
    private final ModuleRegistry modules;
    private final LinkOptions options;
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final Set<Acceptor> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicInteger channelNumbers = new AtomicInteger();

    private Patchbay(ModuleRegistry modules, LinkOptions options) {
        this.modules = modules;
        this.options = options;
    }

    /** Starts a host that loads every plugin in {@code pluginsDir}, with default link options. */
    public static Patchbay start(Path pluginsDir) {
        return start(pluginsDir, LinkOptions.DEFAULTS);
    }

    /** Starts a host that loads every plugin in {@code pluginsDir}. */
    public static Patchbay start(Path pluginsDir, LinkOptions options) {
        ModuleRegistry modules = ModuleRegistry.open(pluginsDir);
        try {
            modules.scan();
        } catch (RuntimeException e) {
            modules.close();
            throw e;
        }
        return new Patchbay(modules, options);
    }

    /** The loaded module generations. */
    public ModuleRegistry modules() {
        return modules;
    }

    /** The link options every open uses, unless the address overrides them. */
    public LinkOptions options() {
        return options;
    }

    /** The transport serving the address's scheme; an error that lists the schemes there are if none does. */
    public TransportRef transportFor(Address address) {
        return modules.resolve(address.scheme()).orElseThrow(() -> new AddressException("no backend serves '"
                + address.scheme() + ":' here; loaded schemes: " + loadedSchemes() + " (plugins folder "
                + modules.pluginsDir() + ")"));
    }

    private String loadedSchemes() {
        String schemes = modules.list().stream()
                .filter(m -> m.state() == ModuleState.STARTED)
                .flatMap(m -> m.schemes().stream())
                .distinct().sorted().collect(Collectors.joining(", "));
        return schemes.isEmpty() ? "none" : schemes;
    }

    /** Creates the meeting point for {@code address} and waits for the peer (up to the open timeout). */
    public Channel listen(String address) {
        return listen(address, a -> { });
    }

    /**
     * Creates the meeting point for {@code address}, tells {@code listening} the address a peer should connect to
     * (for {@code pipe:anon}, say, a {@code pipe:proc?...} address), and waits for the peer.
     */
    public Channel listen(String address, Consumer<Address> listening) {
        Address parsed = Address.parse(address);
        TransportRef ref = transportFor(parsed);
        requireAvailable(ref);
        LinkOptions effective = options.forAddress(parsed);
        try (Acceptor acceptor = ref.transport().listen(parsed, effective)) {
            waiting.add(acceptor);
            listening.accept(acceptor.address());
            try {
                return register(acceptor.accept(effective.openTimeout()), ref, effective);
            } finally {
                waiting.remove(acceptor);
            }
        }
    }

    /** Connects to a peer listening on {@code address}, waiting up to the open timeout. */
    public Channel connect(String address) {
        Address parsed = Address.parse(address);
        TransportRef ref = transportFor(parsed);
        requireAvailable(ref);
        LinkOptions effective = options.forAddress(parsed);
        return register(ref.transport().connect(parsed, effective), ref, effective);
    }

    private static void requireAvailable(TransportRef ref) {
        var availability = ref.transport().availability();
        if (!availability.available()) {
            throw new PatchbayException(ErrorCode.UNAVAILABLE, ref + " cannot work here: " + availability.cause());
        }
    }

    private Channel register(Link link, TransportRef ref, LinkOptions effective) {
        Channel channel = new Channel("c" + channelNumbers.incrementAndGet(), link, ref,
                effective.maxMessageSize() - ChannelFrame.HEADER_LENGTH);
        channels.add(channel);
        return channel;
    }

    /** The channels opened by this host that are still open. */
    public List<Channel> channels() {
        channels.removeIf(c -> !c.isOpen());
        return List.copyOf(channels);
    }

    /** Closes every channel (and wakes a {@link #listen} that is waiting) and unloads every module. */
    @Override
    public void close() {
        for (Acceptor acceptor : waiting) {
            acceptor.close();
        }
        for (Channel channel : channels) {
            channel.close();
        }
        channels.clear();
        modules.close();
    }
}
