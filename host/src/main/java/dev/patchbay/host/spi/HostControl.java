package dev.patchbay.host.spi;

import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelEvents;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.channel.MigrationUnderWay;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.TransportRef;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A running host as its watcher and control socket see it: its modules, its channels, and moving them. */
public interface HostControl {
    /** The loaded module generations. */
    ModuleRegistry modules();

    /** The open channels. */
    List<Channel> channels();

    /** The open channel called {@code name}; an error that lists the open ones if there is none. */
    Channel channel(String name);

    /** True if this host listened for the channel: it is the side that moves it when a patch arrives. */
    boolean initiates(Channel channel);

    /** Moves a channel to another generation of its backend, at a fresh address. */
    MigrationReport migrate(Channel channel, TransportRef to);

    /**
     * Starts moving a channel to another generation of its backend: returns once both sides hold the new link, and
     * switches to it once {@code go} completes; see {@link Channel#migrateWhen}.
     */
    MigrationUnderWay migrateWhen(Channel channel, TransportRef to, CompletableFuture<?> go);

    /** Moves a channel to a backend ({@code shm}) or a whole address ({@code fifo:orders2}). */
    MigrationReport swap(String channel, String target);

    /** Moves a channel back to the generation it used before. */
    MigrationReport rollback(String channel);

    /** Rejects a generation whose patch failed, unless a channel still uses it. */
    void reject(BackendModule module, String why);

    /** Retires the generations newer ones supersede and no channel uses. */
    void retireUnused();

    /** Hears how every migration of this host's channels ends. */
    void addListener(ChannelEvents listener);
}
