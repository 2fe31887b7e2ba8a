package dev.patchbay.host.testing;

import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.demo.PeerLauncher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Plugins folders and echoing peer processes for host tests. */
public final class PeerHosts {
    private PeerHosts() {
    }

    /** A fresh plugins folder holding copies of the distribution's plugins. */
    public static Path pluginsCopy(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> jars = Files.list(PluginJars.distPlugins())) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, dir.resolve(jar.getFileName()));
            }
        }
        return dir;
    }

    /** A patch jar the build made ({@code target/patchbay/patches}). */
    public static Path patch(String fileName) {
        Path p = PluginJars.distPlugins().resolveSibling("patches").resolve(fileName);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: build the plugins first (./mvnw package)");
        }
        return p;
    }

    /**
     * {@code config} for a host that takes patches dropped into its folder: watching, a short health window, and
     * generous open and step timeouts, since on two loaded cores a peer can take seconds to open its side.
     */
    public static HostConfig patching(HostConfig config) {
        return config.withWatch(true)
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(60)))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(Duration.ofMillis(200))
                        .withStepTimeout(Duration.ofSeconds(60)));
    }

    /** The two ends of a channel between two hosts in this process. */
    public record Ends(Channel listening, Channel connecting) {
    }

    /**
     * Opens {@code count} idle fifo channels between two hosts in this process, named {@code name-pid-i}; the
     * listening host is the one that moves them when a patch arrives.
     */
    public static List<Ends> fifoChannels(Patchbay listening, Patchbay connecting, String name, int count)
            throws Exception {
        List<Ends> ends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String address = "fifo:" + name + "-" + ProcessHandle.current().pid() + "-" + i;
            CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> listening.listen(address));
            Channel connected = connecting.connect(address);
            ends.add(new Ends(accepted.get(60, TimeUnit.SECONDS), connected));
        }
        return ends;
    }

    /**
     * Spawns an echoing peer process over {@code pipe:child} that loads its backends from {@code peerPlugins},
     * and returns the channel to it. The peer takes the host's migration step timeout.
     */
    public static Channel spawnEchoPeer(Patchbay host, Path peerPlugins) {
        return host.listen(PeerLauncher.echoPeer(host, peerPlugins).toString());
    }
}
