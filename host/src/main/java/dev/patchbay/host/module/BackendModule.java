package dev.patchbay.host.module;

import dev.patchbay.api.Availability;
import dev.patchbay.api.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One generation of a backend module — a plugin jar ({@link JarModule}) or a native library — with its private copy
 * of the file and the transports it provides.
 *
 * <p>The file is copied to a private folder before loading, so that whatever happens to the file in the plugins
 * folder (overwritten in place, renamed over, deleted) cannot affect code that is loaded from it: the dynamic
 * loader caches shared libraries by path, and a jar overwritten under a class loader breaks it. Unloading releases
 * what {@link #open} acquired and deletes the copy; retiring releases but keeps the copy for a rollback.
 */
public abstract class BackendModule {
    private static final Logger LOG = LoggerFactory.getLogger(BackendModule.class);

    private final long generation;
    private final Path source;
    private final String sha256;
    private volatile String id;
    private volatile String version;
    private volatile String apiVersion;
    private volatile ModuleState state;
    private volatile String cause = "";
    private volatile boolean hung;
    private volatile boolean crashed;
    private Path copy;
    private volatile List<Transport> transports = List.of();

    protected BackendModule(long generation, Path source, String sha256, String id, String version,
                            String apiVersion) {
        this.generation = generation;
        this.source = source;
        this.sha256 = sha256;
        this.id = id;
        this.version = version;
        this.apiVersion = apiVersion;
    }

    /**
     * Names this generation once its file has told who it is: a native library only knows its id, version and ABI
     * after it is loaded. Call from {@link #open}, before it returns.
     */
    protected final void identify(String id, String version, String apiVersion) {
        this.id = id;
        this.version = version;
        this.apiVersion = apiVersion;
    }

    /** "jar" or "native", for listings. */
    public abstract String kind();

    /**
     * Loads the module from its private copy and returns the transports it provides.
     *
     * @throws Exception with a message that says what is wrong; the module is then FAILED with that cause
     */
    protected abstract List<Transport> open(Path copy) throws Exception;

    /** Releases what {@link #open} acquired; called after a failure too, so it must cope with a partial open. */
    protected abstract void release();

    /** Copies the bytes to {@code privateDir/copyName} (0600), opens it, and records the outcome. */
    protected final void start(byte[] bytes, Path privateDir, String copyName) {
        try {
            copy = privateDir.resolve(copyName);
            ModuleFiles.writeNew(copy, bytes);
            List<Transport> found = open(copy);
            if (state == ModuleState.FAILED) {
                return;
            }
            transports = found.stream().map(t -> (Transport) new GuardedTransport(t, this)).toList();
            state = ModuleState.STARTED;
            LOG.info("loaded {}@{} ({}, generation {}, sha256 {}) from {}: schemes {}", id, version, kind(),
                    generation, sha256.substring(0, 12), source, schemes());
        } catch (Exception | LinkageError e) {
            fail(describe(e));
        }
    }

    /**
     * A call into this generation never returned: mark it FAILED so that nothing picks it again. Its code is not
     * released here (a thread is still inside it, and releasing could hang as well); unloading does that later.
     */
    protected final void abandonHung(String why) {
        hung = true;
        abandon(why);
    }

    /**
     * The process this generation ran in on the host's behalf (an isolated native module's helper) died: mark it
     * FAILED with why, so that nothing picks it again. The host itself is unharmed; unloading releases the rest.
     */
    protected final void abandonCrashed(String why) {
        crashed = true;
        abandon(why);
    }

    private void abandon(String why) {
        cause = why;
        state = ModuleState.FAILED;
        transports = List.of();
        LOG.warn("module {} abandoned: {}", label(), why);
    }

    /** True once a call into this generation overran its time limit and the generation was abandoned. */
    final boolean hung() {
        return hung;
    }

    /** Refuses a call into a generation abandoned as hung, through a transport picked before it hung. */
    final void requireUsable(String what) {
        if (hung || crashed) {
            throw new ModuleException("cannot " + what + ": module " + label() + " is FAILED (" + cause + ")");
        }
    }

    /** Marks a file that was not loaded because its content is quarantined; nothing was acquired. */
    final void holdBack(String why) {
        cause = why;
        state = ModuleState.QUARANTINED;
    }

    /** Marks this generation FAILED with the reason and releases everything. */
    protected final void fail(String why) {
        cause = why;
        state = ModuleState.FAILED;
        LOG.warn("module {} failed: {}", source.getFileName(), why);
        releaseAll();
        deleteCopy();
    }

    /** The messages of a throwable and its causes, joined: what a user reads in the listing. */
    protected static String describe(Throwable t) {
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
        releaseAll();
        deleteCopy();
    }

    /** Stops and unloads this generation but keeps its copy, so that {@link #copy()} can be loaded again. */
    synchronized void retire() {
        if (state == ModuleState.STARTED) {
            LOG.info("retiring {}@{} (generation {}): unloaded, copy kept for rollback", id, version, generation);
            state = ModuleState.RETIRED;
            releaseAll();
        }
    }

    /** Marks a started generation as unusable (a patch that failed its migration), with the reason. */
    synchronized void reject(String why) {
        cause = why;
        state = ModuleState.FAILED;
        LOG.warn("module {} rejected: {}", label(), why);
        releaseAll();
        deleteCopy();
    }

    /** The private copy of the file, while one is kept. */
    public synchronized Path copy() {
        return copy;
    }

    private synchronized void releaseAll() {
        transports = List.of();
        release();
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
        return new ModuleInfo(generation, id, version, kind(), schemes(), apiVersion, sha256, state, why, source);
    }

    @Override
    public String toString() {
        return label() + "#g" + generation + "[" + state + "]";
    }
}
