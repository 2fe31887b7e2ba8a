package dev.patchbay.host.demo;

import dev.patchbay.api.Address;
import dev.patchbay.host.Patchbay;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command line that runs the {@code patchbay} CLI again in a new JVM, for peers the host spawns. */
public final class PeerLauncher {
    private static final String MAIN = "dev.patchbay.host.cli.Main";
    private static final List<String> PASSED_ON = List.of("patchbay.runtime.dir", "patchbay.dist",
            "patchbay.trust.list");

    private PeerLauncher() {
    }

    /** {@code java -cp <this class path> Main <args>}, passing on the runtime folder and plugins folder. */
    public static List<String> command(Path pluginsDir, String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(ModuleAccessFlags.ofThisJvm());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        // What a peer must see as this host does: the same runtime folder, distribution (its built-in trust list)
        // and user trust list, when they were set for this JVM rather than found.
        for (String property : PASSED_ON) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add(MAIN);
        command.addAll(List.of(args));
        command.add("--plugins-dir");
        command.add(pluginsDir.toString());
        return command;
    }

    /**
     * The address of a spawned echo peer for {@code host}: a {@code pipe:child} running {@code patchbay peer} on its
     * standard streams with the host's plugins folder and migration step timeout (a peer on a loaded machine is as
     * slow to open a new link as its host is patient).
     */
    public static Address echoPeer(Patchbay host) {
        return echoPeer(host, host.modules().pluginsDir());
    }

    /** As {@link #echoPeer(Patchbay)}, the peer loading its modules from {@code peerPlugins}. */
    public static Address echoPeer(Patchbay host, Path peerPlugins) {
        return echoPeer(host, peerPlugins, List.of());
    }

    /** As {@link #echoPeer(Patchbay, Path)}, with more options for the peer ({@code --pins FILE}, say). */
    public static Address echoPeer(Patchbay host, Path peerPlugins, List<String> peerOptions) {
        long stepMillis = host.config().migrationOptions().stepTimeout().toMillis();
        List<String> args = new ArrayList<>(List.of("peer", "pipe:stdio", "--no-watch",
                "--step-timeout", stepMillis + "ms"));
        args.addAll(peerOptions);
        String command = shellCommand(peerPlugins, args.toArray(String[]::new));
        return Address.of("pipe", "child", Map.of("exec", command));
    }

    /** The same command as one {@code /bin/sh} line (for {@code pipe:child?exec=}), each word quoted. */
    public static String shellCommand(Path pluginsDir, String... args) {
        StringBuilder sb = new StringBuilder("exec");
        for (String word : command(pluginsDir, args)) {
            sb.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }
}
