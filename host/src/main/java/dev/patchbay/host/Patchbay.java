package dev.patchbay.host;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.agent.ChannelAgents;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelEvents;
import dev.patchbay.host.channel.MigrationException;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.channel.MigrationUnderWay;
import dev.patchbay.host.channel.ModuleSpec;
import dev.patchbay.host.control.ControlServer;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.HostThreads;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.TransportRef;
import dev.patchbay.host.patch.PatchWatcher;
import dev.patchbay.host.spi.HostControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The host, embedded: loads the backends in a plugins folder, opens {@link Channel}s over them, moves channels to
 * other backends or module versions on request ({@link #swap}, {@link #rollback}) and, when watching, when a new
 * jar is dropped into the plugins folder.
 *
 * <pre>{@code
 * try (Patchbay host = Patchbay.start(pluginsDir);
 *      Channel channel = host.connect("fifo:orders")) {
 *     channel.send(ByteBuffer.wrap(bytes));
 * }
 * }</pre>
 */
public final class Patchbay implements HostControl, AutoCloseable {
    private static final Logger AUDIT = LoggerFactory.getLogger("dev.patchbay.audit");
    private static final Logger LOG = LoggerFactory.getLogger(Patchbay.class);

    private final HostConfig config;
    private final ModuleRegistry modules;
    private final HostModules bookkeeping;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    // Per-channel host state; removed when the channel closes, so a long-lived host does not grow with every
    // channel it ever had.
    private final Set<String> initiated = ConcurrentHashMap.newKeySet();
    private final Map<String, ChannelHistory> history = new ConcurrentHashMap<>();
    private final Set<Acceptor> waiting = ConcurrentHashMap.newKeySet();
    private final List<ChannelEvents> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger channelNumbers = new AtomicInteger();
    private final AtomicLong targetNumbers = new AtomicLong();
    private final ExecutorService background;
    // Retiring and rejecting generations closes class loaders and native libraries, which can take seconds: never
    // on a thread that carries data or ends a migration.
    private final ScheduledExecutorService maintenance;
    private final AtomicBoolean retireQueued = new AtomicBoolean();
    private final ChannelAgents agents;
    private volatile PatchWatcher watcher;
    private volatile ControlServer controlServer;

    private Patchbay(HostConfig config, ModuleRegistry modules) {
        this.config = config;
        this.modules = modules;
        this.bookkeeping = new HostModules(modules);
        AtomicInteger threads = new AtomicInteger();
        // The pools grow on whichever thread hands them work, a link's reader among them: HostThreads keeps the
        // module code on that thread's stack from staying attached to the new thread.
        this.background = Executors.newCachedThreadPool(r -> HostThreads.daemon(r,
                "patchbay-migration-" + threads.incrementAndGet()));
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> HostThreads.daemon(r, "patchbay-maintenance"));
        // Two agents whatever the number of channels: they read control frames for channels nobody receives on.
        this.agents = ChannelAgents.start(AGENT_THREADS);
    }

    private static final int AGENT_THREADS = 2;

    /** Starts a host that loads every plugin in {@code pluginsDir}, with default options. */
    public static Patchbay start(Path pluginsDir) {
        return start(HostConfig.of(pluginsDir));
    }

    /** Starts a host that loads every plugin in {@code pluginsDir}. */
    public static Patchbay start(Path pluginsDir, LinkOptions options) {
        return start(HostConfig.of(pluginsDir).withLinkOptions(options));
    }

    /** Starts a host as configured. */
    public static Patchbay start(HostConfig config) {
        // Before any module code runs, so that no library thread is born on its stack.
        HostThreads.startLibraryThreads();
        ModuleRegistry modules = ModuleKinds.open(config.pluginsDir(), config.trust());
        Patchbay host;
        try {
            modules.scan();
            host = new Patchbay(config, modules);
        } catch (RuntimeException e) {
            modules.close();
            throw e;
        }
        try {
            if (config.watchPlugins()) {
                host.watcher = PatchWatcher.start(host);
            }
            if (config.control()) {
                host.controlServer = ControlServer.start(host);
            }
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        return host;
    }

    public HostConfig config() {
        return config;
    }

    /** The loaded module generations. */
    public ModuleRegistry modules() {
        return modules;
    }

    /** The link options every open uses, unless the address overrides them. */
    public LinkOptions options() {
        return config.linkOptions();
    }

    /** Hears how every migration of this host's channels ends (both sides of a channel report). */
    public void addListener(ChannelEvents listener) {
        listeners.add(listener);
    }

    /** The transport serving the address's scheme; an error that lists the schemes there are if none does. */
    public TransportRef transportFor(Address address) {
        TransportRef ref = transportFor(address.scheme());
        ref.transport().parameters().ifPresent(address::requireKnownParams);
        return ref;
    }

    private TransportRef transportFor(String scheme) {
        TransportRef ref = modules.resolve(scheme).orElseThrow(() -> new AddressException("no backend serves '"
                + scheme + ":' here; loaded schemes: " + loadedSchemes() + " (plugins folder "
                + modules.pluginsDir() + ")" + notLoaded()));
        var availability = ref.transport().availability();
        if (!availability.available()) {
            throw new PatchbayException(ErrorCode.UNAVAILABLE, ref + " cannot work here: " + availability.cause());
        }
        return ref;
    }

    /** The files that failed or were refused (a pin list, say), since the scheme asked for may be in one. */
    private String notLoaded() {
        List<String> failed = modules.list().stream()
                .filter(m -> m.state() == ModuleState.FAILED || m.state() == ModuleState.QUARANTINED)
                .map(m -> m.file().getFileName() + (m.state() == ModuleState.QUARANTINED ? " (quarantined)"
                        : m.cause().contains("pin list") ? " (not pinned)"
                        : m.cause().startsWith("not trusted") ? " (not trusted)" : ""))
                .distinct().sorted().toList();
        return failed.isEmpty() ? "" : "; not loaded: " + String.join(", ", failed) + " (the log says why)";
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
     * (for {@code pipe:anon}, say, a {@code pipe:proc?...} address), and waits for the peer. The listening side is
     * the one that moves the channel when a patch is deployed.
     */
    public Channel listen(String address, Consumer<Address> listening) {
        Address parsed = Address.parse(address);
        TransportRef ref = transportFor(parsed);
        LinkOptions effective = options().forAddress(parsed);
        try (Acceptor acceptor = ref.transport().listen(parsed, effective)) {
            waiting.add(acceptor);
            listening.accept(acceptor.address());
            try {
                Channel channel = register(acceptor.accept(effective.openTimeout()), ref, effective);
                initiated.add(channel.name());
                return channel;
            } finally {
                waiting.remove(acceptor);
            }
        }
    }

    /** Connects to a peer listening on {@code address}, waiting up to the open timeout. */
    public Channel connect(String address) {
        Address parsed = Address.parse(address);
        TransportRef ref = transportFor(parsed);
        LinkOptions effective = options().forAddress(parsed);
        return register(ref.transport().connect(parsed, effective), ref, effective);
    }

    private Channel register(Link link, TransportRef ref, LinkOptions effective) {
        String name = "c" + channelNumbers.incrementAndGet();
        history.put(name, new ChannelHistory(ref));
        Channel channel;
        try {
            channel = new Channel(name, link, ref, effective, config.migrationOptions(), bookkeeping, events,
                    background);
        } catch (RuntimeException e) {
            history.remove(name);
            throw e;
        }
        channels.put(name, channel);
        // The agents may be waiting a second for their armed channels: have them take this one in now.
        agents.add(channel);
        AUDIT.info("channel {} opened on {} via {}", name, link.address(), ref.module().label());
        return channel;
    }

    /**
     * How many times this host's agents have read a channel's link without waiting, on behalf of channels whose
     * application was not receiving: the cost of idle channels, in looks rather than CPU seconds.
     */
    public long agentLooks() {
        return agents.looks();
    }

    /**
     * How many rounds this host's agent threads have made: a pass over their channels and a poll of their
     * descriptors each, what quiet channels cost beside the looks.
     */
    public long agentRounds() {
        return agents.rounds();
    }

    /** The open channels of this host, by name. */
    public List<Channel> channels() {
        channels.values().removeIf(c -> !c.isOpen());
        return List.copyOf(channels.values());
    }

    /** The channel called {@code name}. */
    public Channel channel(String name) {
        Channel channel = channels.get(name);
        if (channel == null || !channel.isOpen()) {
            throw new AddressException("no open channel '" + name + "' here; open channels: "
                    + channels().stream().map(Channel::name).sorted().collect(Collectors.joining(", ")));
        }
        return channel;
    }

    /** How many channels this host keeps state for (open ones only): for tests that check nothing leaks. */
    int trackedChannels() {
        return Math.max(channels.size(), Math.max(history.size(), initiated.size()));
    }

    /** The most module generations this host remembers for one channel: for tests that check it stays bounded. */
    int deepestHistory() {
        return history.values().stream().mapToInt(ChannelHistory::size).max().orElse(0);
    }

    /** True if this host opened the channel as the listening side (it then moves it when a patch arrives). */
    public boolean initiates(Channel channel) {
        return initiated.contains(channel.name());
    }

    /**
     * Moves a channel to {@code target}: a whole address ({@code fifo:orders2}) or just a backend ({@code shm}),
     * for which a fresh address is chosen. Uses the best loaded generation of that backend.
     */
    public MigrationReport swap(String channelName, String target) {
        Channel channel = channel(channelName);
        String scheme = target.contains(":") ? target.substring(0, target.indexOf(':')) : target;
        Address address = target.contains(":") && target.indexOf(':') < target.length() - 1
                ? Address.parse(target) : freshAddress(channel, scheme);
        return channel.migrate(transportFor(scheme), address, config.migrationOptions());
    }

    /** Moves a channel to the given generation of the backend it is on, at a fresh address. */
    public MigrationReport migrate(Channel channel, TransportRef to) {
        return channel.migrate(to, freshAddress(channel, to.transport().scheme()), config.migrationOptions());
    }

    /** Starts moving a channel to the given generation, switching once {@code go} completes. */
    @Override
    public MigrationUnderWay migrateWhen(Channel channel, TransportRef to, CompletableFuture<?> go) {
        return channel.migrateWhen(to, freshAddress(channel, to.transport().scheme()), config.migrationOptions(), go);
    }

    /**
     * The transport for {@code scheme} from exactly the generation {@code spec} names: loaded, retired (loaded
     * again from its copy), or a file in the plugins folder with that hash.
     */
    public TransportRef transportFor(String scheme, ModuleSpec spec) {
        return bookkeeping.resolve(scheme, spec);
    }

    /** Moves a channel back to the module generation it used before its current one. */
    public MigrationReport rollback(String channelName) {
        Channel channel = channel(channelName);
        ChannelHistory used = history.get(channelName);
        TransportRef current = channel.transport();
        Optional<ChannelHistory.Used> before = used == null ? Optional.empty() : used.before(current);
        ChannelHistory.Used target = before.orElseThrow(() -> new MigrationException("channel " + channelName
                + " has used no other module generation than " + ModuleSpec.of(current.module())
                + "; nothing to roll back to"));
        return migrate(channel, bookkeeping.resolve(target.scheme(), target.spec()));
    }

    private Address freshAddress(Channel channel, String scheme) {
        return MigrationTargets.fresh(scheme, channel.link().address(), channel.name(),
                targetNumbers.incrementAndGet());
    }

    private final ChannelEvents events = new ChannelEvents() {
        @Override
        public void migrationEnded(Channel channel, MigrationReport report, TransportRef target) {
            Patchbay.this.migrationEnded(channel, report, target);
        }

        @Override
        public void migrationStarted(Channel channel) {
            // The agents may be asleep for a second on quiet channels; a migration needs them every millisecond.
            agents.wake();
        }

        @Override
        public void channelClosed(Channel channel) {
            channels.remove(channel.name(), channel);
            agents.remove(channel);
            initiated.remove(channel.name());
            history.remove(channel.name());
            AUDIT.info("channel {} closed", channel.name());
            retireLater();
        }
    };

    private void migrationEnded(Channel channel, MigrationReport report, TransportRef target) {
        AUDIT.info("migration {}", report);
        if (report.outcome() == MigrationOutcome.ROLLED_BACK && target != null) {
            // The generation broke a live link: on both sides, nothing new should pick it.
            BackendModule broken = target.module();
            runLater(() -> reject(broken, "rolled back: " + report.reason()));
        }
        if (report.outcome() == MigrationOutcome.COMMITTED) {
            ChannelHistory used = history.get(channel.name());
            if (used != null) {
                used.moved(channel.transport());
            }
        }
        for (ChannelEvents listener : listeners) {
            listener.migrationEnded(channel, report, target);
        }
        retireLater();
    }

    /**
     * Queues one retirement pass on the maintenance thread, a little later: the passes asked for meanwhile (a patch
     * ends a thousand migrations within a second) fold into it.
     */
    private void retireLater() {
        if (retireQueued.compareAndSet(false, true)) {
            runLater(RETIRE_DELAY_MILLIS, () -> {
                retireQueued.set(false);
                retireUnused();
            });
        }
    }

    private static final long RETIRE_DELAY_MILLIS = 250;

    private void runLater(Runnable task) {
        runLater(0, task);
    }

    private void runLater(long delayMillis, Runnable task) {
        try {
            maintenance.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("module maintenance failed: {}", e.toString());
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The host is closing; it unloads every module itself.
        }
    }

    /** Retires generations that newer ones supersede and that no channel uses. */
    public void retireUnused() {
        bookkeeping.retireUnused(channels());
    }

    /** Rejects a generation whose patch failed (if no channel still uses it). */
    public void reject(BackendModule module, String why) {
        bookkeeping.reject(module, why, channels());
    }

    /** Hears every patch the watcher deploys or rejects (only when the host watches its plugins folder). */
    public void addPatchListener(java.util.function.Consumer<dev.patchbay.host.patch.PatchResult> listener) {
        PatchWatcher w = watcher;
        if (w == null) {
            throw new IllegalStateException("this host does not watch its plugins folder");
        }
        w.addListener(listener);
    }

    /** The control socket this host answers on, if any. */
    public Optional<Path> controlSocket() {
        ControlServer server = controlServer;
        return server == null ? Optional.empty() : Optional.of(server.socket());
    }

    /** Closes every channel (and wakes a {@link #listen} that is waiting) and unloads every module. */
    @Override
    public void close() {
        PatchWatcher w = watcher;
        if (w != null) {
            w.close();
        }
        ControlServer c = controlServer;
        if (c != null) {
            c.close();
        }
        agents.close();
        for (Acceptor acceptor : waiting) {
            acceptor.close();
        }
        for (Channel channel : channels.values()) {
            channel.close();
        }
        channels.clear();
        background.shutdownNow();
        maintenance.shutdownNow();
        modules.close();
    }
}
