package dev.patchbay.host.module;

import dev.patchbay.api.ApiVersion;
import dev.patchbay.api.Availability;
import dev.patchbay.api.Transport;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One generation of a plugin jar: its own copy of the jar, its own PF4J manager and class loader, and the
 * transports it provides.
 *
 * <p>The jar is copied to a private folder before loading, so that whatever happens to the file in the plugins folder
 * (overwritten in place, renamed over, deleted) cannot break classes that are still loading from it. Unloading stops
 * the plugin, closes its class loader and deletes the copy; after that nothing holds the jar open, and once the
 * channels using it have moved on, nothing holds its classes.
 */
public final class JarModule {
    private static final Logger LOG = LoggerFactory.getLogger(JarModule.class);
    private static final long MAX_JAR_SIZE = 256L << 20;

    private final long generation;
    private final Path source;
    private final String sha256;
    private final String id;
    private final String version;
    private final String apiVersion;
    private volatile ModuleState state;
    private volatile String cause = "";
    private GenerationPluginManager manager;
    private Path copy;
    private volatile List<Transport> transports = List.of();

    private JarModule(long generation, Path source, String sha256, String id, String version, String apiVersion) {
        this.generation = generation;
        this.source = source;
        this.sha256 = sha256;
        this.id = id;
        this.version = version;
        this.apiVersion = apiVersion;
    }

    /**
     * Loads and starts the plugin in {@code jar}. Never throws for a bad plugin: the result is then FAILED, with the
     * cause in {@link #info()}.
     *
     * @param privateDir where the private copy of the jar goes (0700, owned by this process)
     */
    static JarModule load(long generation, Path jar, Path privateDir, ApiVersion hostApi) {
        return load(generation, jar, jar, privateDir, hostApi);
    }

    /** Loads the bytes of {@code file} but reports {@code source} as where the module came from. */
    static JarModule load(long generation, Path file, Path source, Path privateDir, ApiVersion hostApi) {
        Path jar = file;
        byte[] bytes;
        try {
            long size = Files.size(jar);
            if (size > MAX_JAR_SIZE) {
                return failed(generation, jar, "", jar.getFileName() + " is " + size + " bytes; plugin jars are"
                        + " limited to " + MAX_JAR_SIZE + " bytes");
            }
            bytes = Files.readAllBytes(jar);
        } catch (IOException e) {
            return failed(generation, jar, "", "cannot read " + jar + ": " + e.getMessage());
        }
        String sha = sha256(bytes);
        JarDescriptor descriptor;
        try {
            descriptor = JarDescriptor.read(jar, bytes);
        } catch (ModuleException e) {
            return failed(generation, jar, sha, e.getMessage());
        }
        JarModule module = new JarModule(generation, source, sha, descriptor.id(), descriptor.version(),
                descriptor.apiVersion().toString());
        try {
            descriptor.requireCompatible(jar, hostApi);
        } catch (ModuleException e) {
            module.fail(e.getMessage());
            return module;
        }
        module.start(bytes, privateDir);
        return module;
    }

    static JarModule refused(long generation, Path jar, String sha, String cause) {
        return failed(generation, jar, sha, cause);
    }

    private static JarModule failed(long generation, Path jar, String sha, String cause) {
        JarModule module = new JarModule(generation, jar, sha, jar.getFileName().toString(), "?", "?");
        module.fail(cause);
        return module;
    }

    private void start(byte[] bytes, Path privateDir) {
        try {
            copy = privateDir.resolve(id + "-" + version + "-g" + generation + ".jar");
            Files.write(copy, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
            manager = new GenerationPluginManager(privateDir);
            String pluginId = manager.loadPlugin(copy);
            PluginState started = manager.startPlugin(pluginId);
            if (started != PluginState.STARTED) {
                PluginWrapper wrapper = manager.getPlugin(pluginId);
                Throwable failure = wrapper == null ? null : wrapper.getFailedException();
                fail("start failed: " + (failure == null ? "plugin state " + started : describe(failure)));
                return;
            }
            List<Transport> found = manager.getExtensions(Transport.class, pluginId);
            if (found.isEmpty()) {
                fail("started but provides no Transport: META-INF/extensions.idx is missing or names no"
                        + " Transport class (was PF4J's annotation processor run?), or the jar bundles its own copy"
                        + " of the plugin API");
                return;
            }
            transports = List.copyOf(found);
            state = ModuleState.STARTED;
            LOG.info("loaded {}@{} (generation {}, sha256 {}) from {}: schemes {}", id, version, generation,
                    sha256.substring(0, 12), source, schemes());
        } catch (Exception | LinkageError e) {
            fail(describe(e));
        }
    }

    private void fail(String why) {
        cause = why;
        state = ModuleState.FAILED;
        LOG.warn("module {} failed: {}", source.getFileName(), why);
        release();
        deleteCopy();
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }

    /** Stops and unloads this generation and deletes its copy. Harmless when already unloaded or failed. */
    synchronized void unload() {
        if (state != ModuleState.UNLOADED) {
            LOG.info("unloading {}@{} (generation {})", id, version, generation);
        }
        state = ModuleState.UNLOADED;
        release();
        deleteCopy();
    }

    /** Stops and unloads this generation but keeps its copy, so that {@link #copy()} can be loaded again. */
    synchronized void retire() {
        if (state == ModuleState.STARTED) {
            LOG.info("retiring {}@{} (generation {}): unloaded, copy kept for rollback", id, version, generation);
            state = ModuleState.RETIRED;
            release();
        }
    }

    /** Marks a started generation as unusable (a patch that failed its migration), with the reason. */
    synchronized void reject(String why) {
        cause = why;
        state = ModuleState.FAILED;
        LOG.warn("module {} rejected: {}", label(), why);
        release();
        deleteCopy();
    }

    /** The private copy of the jar, while one is kept. */
    synchronized Path copy() {
        return copy;
    }

    private synchronized void release() {
        transports = List.of();
        if (manager != null) {
            for (PluginWrapper plugin : List.copyOf(manager.getPlugins())) {
                try {
                    // One by one: PF4J 3.15.0's stopPlugins() throws ConcurrentModificationException (pf4j#656).
                    manager.stopPlugin(plugin.getPluginId());
                } catch (RuntimeException e) {
                    LOG.warn("stopping {} failed: {}", plugin.getPluginId(), describe(e));
                }
                manager.unloadPlugin(plugin.getPluginId());
            }
            manager = null;
        }
    }

    private synchronized void deleteCopy() {
        if (copy != null) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", copy, e.getMessage());
            }
            copy = null;
        }
    }

    /** The SHA-256 of a file, hex. */
    public static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The transports this generation provides; empty unless STARTED. */
    public List<Transport> transports() {
        return transports;
    }

    /** The transport for {@code scheme}, if this generation provides it. */
    public Optional<Transport> transport(String scheme) {
        return transports.stream().filter(t -> t.scheme().equals(scheme)).findFirst();
    }

    private List<String> schemes() {
        return transports.stream().map(Transport::scheme).toList();
    }

    public long generation() {
        return generation;
    }

    public String id() {
        return id;
    }

    public String version() {
        return version;
    }

    public String sha256() {
        return sha256;
    }

    public Path source() {
        return source;
    }

    public ModuleState state() {
        return state;
    }

    /** {@code id@version}. */
    public String label() {
        return id + "@" + version;
    }

    /** This generation as a line of the listing; unavailable transports are named in the cause. */
    public ModuleInfo info() {
        String why = cause;
        if (why.isEmpty()) {
            for (Transport t : transports) {
                Availability a = t.availability();
                if (!a.available()) {
                    why = t.scheme() + " unavailable: " + a.cause();
                }
            }
        }
        return new ModuleInfo(generation, id, version, "jar", schemes(), apiVersion, sha256, state, why, source);
    }

    @Override
    public String toString() {
        return label() + "#g" + generation + "[" + state + "]";
    }
}
