package dev.patchbay.host.module;

import dev.patchbay.api.ApiVersion;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Every module generation this host has loaded from its plugins folder, and the answer to "which transport serves
 * this scheme?": the started generation with the highest version, and among equal versions the newest.
 */
public final class ModuleRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleRegistry.class);

    /** How many retired generations of one plugin keep their copy for a rollback. */
    private static final int KEEP_RETIRED = 3;

    private static final AtomicLong REGISTRIES = new AtomicLong();

    /** How long a scan waits for files being written to settle before it lists them as not loaded. */
    private static final Duration SCAN_PATIENCE = Duration.ofSeconds(5);

    private final Path pluginsDir;
    private final Path privateDir;
    private final ApiVersion hostApi;
    private final ModuleTrust trust;
    /** How each kind of module file is loaded, by file extension. */
    private final Map<String, ModuleLoader> loaders;
    /** Generations refused as untrusted: trusting the file later lets the same content load. */
    private final Set<Long> untrusted = ConcurrentHashMap.newKeySet();
    /** Generations left out by a scan because their file was still being written. */
    private final Set<Long> unsettled = ConcurrentHashMap.newKeySet();
    private final AtomicLong generations = new AtomicLong();
    private final Quarantine quarantine;
    private final List<BackendModule> modules = new CopyOnWriteArrayList<>();

    private ModuleRegistry(Path pluginsDir, Path privateDir, ApiVersion hostApi, ModuleTrust trust,
                           Map<String, ModuleLoader> loaders) {
        this.pluginsDir = pluginsDir;
        this.privateDir = privateDir;
        this.hostApi = hostApi;
        this.trust = trust;
        this.loaders = Map.copyOf(loaders);
        this.quarantine = new Quarantine(pluginsDir);
    }

    /**
     * A registry for {@code pluginsDir} that loads only the files {@code trust} allows, each kind of file with its
     * loader (by extension; the host's are in {@code ModuleKinds}, so that this package need not know every kind).
     * Nothing is loaded until {@link #scan()}. Private copies of module files go to a folder of this process under
     * the runtime folder; folders of dead processes found there are removed.
     */
    public static ModuleRegistry open(Path pluginsDir, ModuleTrust trust, Map<String, ModuleLoader> loaders) {
        return open(pluginsDir, ApiVersion.CURRENT, trust, loaders);
    }

    static ModuleRegistry open(Path pluginsDir, ApiVersion hostApi, ModuleTrust trust,
                               Map<String, ModuleLoader> loaders) {
        Path base = RuntimeDirectory.sub("modules");
        removeFoldersOfDeadProcesses(base);
        ProcessIdentity me = ProcessIdentity.current();
        // One folder per registry: a process may embed more than one host.
        Path mine = RuntimeDirectory.ensurePrivate(base.resolve(me.pid() + "-" + me.startTime() + "-"
                + REGISTRIES.incrementAndGet()));
        return new ModuleRegistry(pluginsDir.toAbsolutePath().normalize(), mine, hostApi, trust, loaders);
    }

    /** The folder this registry loads from. */
    public Path pluginsDir() {
        return pluginsDir;
    }

    /**
     * Loads every jar in the plugins folder that is not loaded yet (same file, same content), once it has stopped
     * changing (see {@link FileLook}).
     *
     * @return the generations this scan created, failed ones included
     * @throws ModuleException if the plugins folder does not exist
     */
    public synchronized List<BackendModule> scan() {
        if (!Files.isDirectory(pluginsDir)) {
            throw new ModuleException("plugins folder " + pluginsDir + " does not exist; build the plugins"
                    + " (./mvnw package) or point --plugins-dir or PATCHBAY_PLUGINS at a folder of plugin jars");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(pluginsDir)) {
            jars = files.filter(p -> isModuleFile(p) && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ModuleException("cannot list plugins folder " + pluginsDir + ": " + e.getMessage(), e);
        }
        List<Path> toLoad = jars.stream().filter(jar -> !isLoaded(jar)).toList();
        Set<Path> unsettled = awaitSettled(toLoad);
        List<BackendModule> loaded = new ArrayList<>();
        for (Path jar : toLoad) {
            loaded.add(unsettled.contains(jar) ? stillWritten(jar) : loadUnlessQuarantined(jar));
        }
        return loaded;
    }

    /**
     * Waits, up to {@link #SCAN_PATIENCE}, until no file in {@code files} has been modified for a settle window;
     * returns the ones still being written then. Files older than the window cost no wait.
     */
    private static Set<Path> awaitSettled(List<Path> files) {
        long deadline = System.nanoTime() + SCAN_PATIENCE.toNanos();
        boolean said = false;
        while (true) {
            Instant now = Instant.now();
            Set<Path> unsettled = new TreeSet<>();
            Duration wait = Duration.ZERO;
            for (Path file : files) {
                Duration left = FileLook.of(file).map(look -> look.untilQuiet(now)).orElse(Duration.ZERO);
                if (!left.isNegative() && !left.isZero()) {
                    unsettled.add(file);
                    wait = left.compareTo(wait) > 0 ? left : wait;
                }
            }
            long remaining = deadline - System.nanoTime();
            if (unsettled.isEmpty() || remaining <= 0) {
                return unsettled;
            }
            if (!said) {
                said = true;
                LOG.info("waiting for {} to stop changing before loading", unsettled);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(wait.toMillis(), TimeUnit.NANOSECONDS.toMillis(remaining))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return unsettled;
            }
        }
    }

    /** A file that was still changing when the scan gave up waiting: listed, and replaced when loaded later. */
    private BackendModule stillWritten(Path file) {
        long generation = generations.incrementAndGet();
        unsettled.add(generation);
        BackendModule module = new FailedModule(generation, file, "", ModuleFiles.extension(file),
                file.getFileName() + " was still being written after " + SCAN_PATIENCE.toSeconds() + " s; not loaded"
                        + " (a watching host loads it once it has stopped changing)");
        modules.add(module);
        return module;
    }

    private boolean isLoaded(Path jar) {
        // A jar counts as loaded when a live generation came from this path; content changes are handled by the
        // patch watcher, which compares hashes.
        return modules.stream().anyMatch(m -> m.source().equals(jar) && m.state() != ModuleState.UNLOADED);
    }

    /** The files rejected by hosts on this plugins folder, which no host here loads until they are released. */
    public Quarantine quarantine() {
        return quarantine;
    }

    /**
     * True if a generation with this content is loaded or kept (the patch watcher ignores such files). A file left
     * out as quarantined is not: once released, dropping it in again deploys it.
     */
    public boolean knows(String sha256) {
        return modules.stream().anyMatch(m -> m.sha256().equals(sha256) && m.state() != ModuleState.UNLOADED
                && m.state() != ModuleState.QUARANTINED && !untrusted.contains(m.generation()));
    }

    /** The files refused as untrusted: worth another look once a trust list changes. */
    public List<Path> untrustedFiles() {
        return modules.stream().filter(m -> untrusted.contains(m.generation())).map(BackendModule::source)
                .distinct().toList();
    }

    /** True for module files: plugin jars and native libraries (see {@link ModuleFiles#isModuleFile}). */
    public static boolean isModuleFile(Path file) {
        return ModuleFiles.isModuleFile(file);
    }

    /** Loads one module file as a new generation (FAILED if it cannot be used) and records it. */
    public synchronized BackendModule load(Path file) {
        Path path = file.toAbsolutePath().normalize();
        BackendModule module = loadAs(path, path);
        // A file refused as untrusted, left out as quarantined or as still being written, and now loaded again,
        // keeps one row, the last.
        modules.removeIf(m -> m.source().equals(path) && (untrusted.remove(m.generation())
                || unsettled.remove(m.generation()) || m.state() == ModuleState.QUARANTINED));
        modules.add(module);
        return module;
    }

    /**
     * Loads one module file the host picked itself (at start, or as a patch), unless a host on this folder rejected
     * its content before: then it is listed QUARANTINED, with when and why, and not loaded. A load asked for by
     * exact content ({@link #load}, {@link #loadFileWithHash}: a peer following its initiator) is not held back.
     */
    public synchronized BackendModule loadUnlessQuarantined(Path file) {
        Path path = file.toAbsolutePath().normalize();
        Optional<QuarantineEntry> entry = Optional.empty();
        String sha256 = "";
        try {
            sha256 = ModuleFiles.sha256(path);
            entry = quarantine.find(sha256);
        } catch (IOException e) {
            // Unreadable: the load says so in the listing.
            LOG.debug("cannot hash {}: {}", path, e.toString());
        }
        if (entry.isEmpty()) {
            return load(path);
        }
        LOG.info("not loading {}: {}", path, entry.get().cause());
        BackendModule held = FailedModule.quarantined(generations.incrementAndGet(), path, sha256,
                ModuleFiles.extension(path), entry.get());
        modules.removeIf(m -> m.source().equals(path) && m.state() == ModuleState.QUARANTINED);
        modules.add(held);
        return held;
    }

    private BackendModule loadAs(Path file, Path source) {
        ModuleLoader loader = loaders.get(ModuleFiles.extension(source));
        long generation = generations.incrementAndGet();
        if (loader == null) {
            return new FailedModule(generation, source, "", ModuleFiles.extension(source), source.getFileName()
                    + " is not a module file: plugins are " + String.join(", ", new TreeSet<>(loaders.keySet()))
                    + " files");
        }
        if (!trust.verifies()) {
            return loader.load(generation, file, source, privateDir, hostApi);
        }
        // Every load passes here, whoever asked for it, so trust cannot be bypassed through a peer. The bytes
        // checked are the bytes loaded: a private copy, which nobody can swap between the check and the load.
        Path staged = privateDir.resolve(".staged-g" + generation + "." + ModuleFiles.extension(source));
        try {
            Files.copy(file, staged);
            String sha256 = ModuleFiles.sha256(staged);
            Optional<String> refusal = trust.refusal(source, sha256);
            if (refusal.isPresent()) {
                LOG.warn("not loading {}: {}", source, refusal.get());
                untrusted.add(generation);
                return new FailedModule(generation, source, sha256, ModuleFiles.extension(source), refusal.get());
            }
            return loader.load(generation, staged, source, privateDir, hostApi);
        } catch (IOException e) {
            return new FailedModule(generation, source, "", ModuleFiles.extension(source), "cannot read " + file
                    + " to check it against the trust lists: " + e.getMessage());
        } catch (ModuleException e) {
            return new FailedModule(generation, source, "", ModuleFiles.extension(source), e.getMessage());
        } finally {
            deleteQuietly(staged);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", file, e.toString());
        }
    }

    /** Which files this registry loads. */
    public ModuleTrust trust() {
        return trust;
    }

    /**
     * Loads a retired generation again from its kept copy, as a new generation. Returns the new generation (FAILED
     * if it cannot start).
     */
    public synchronized BackendModule revive(BackendModule retired) {
        Path copy = retired.copy();
        if (retired.state() != ModuleState.RETIRED || copy == null) {
            throw new ModuleException(retired.label() + " cannot be loaded again: it is " + retired.state());
        }
        BackendModule module = loadAs(copy, retired.source());
        modules.add(module);
        modules.remove(retired);
        retired.unload();
        return module;
    }

    /**
     * Loads, as a new generation, the jar in the plugins folder whose SHA-256 is {@code sha256}, if there is one;
     * the generation is FAILED, with its cause, if it was refused or did not start.
     */
    public synchronized Optional<BackendModule> loadFileWithHash(String sha256) {
        if (!Files.isDirectory(pluginsDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(pluginsDir)) {
            for (Path jar : files.filter(ModuleRegistry::isModuleFile).sorted().toList()) {
                if (ModuleFiles.sha256(jar).equals(sha256)) {
                    return Optional.of(load(jar));
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot search {}: {}", pluginsDir, e.toString());
        }
        return Optional.empty();
    }

    /** Retires a generation: unloaded, copy kept for a rollback; only the newest few retired copies are kept. */
    public synchronized void retire(BackendModule module) {
        module.retire();
        List<BackendModule> retired = modules.stream()
                .filter(m -> m.state() == ModuleState.RETIRED && m.id().equals(module.id()))
                .sorted(Comparator.comparingLong(BackendModule::generation).reversed())
                .toList();
        for (BackendModule old : retired.subList(Math.min(KEEP_RETIRED, retired.size()), retired.size())) {
            unload(old);
        }
    }

    /**
     * Rejects a generation that failed as a patch: unloaded, listed FAILED with the reason. Its content, if it came
     * from the plugins folder, is quarantined so that hosts started later on this folder do not load it again.
     */
    public synchronized void reject(BackendModule module, String why) {
        module.reject(why);
        if (pluginsDir.equals(module.source().getParent()) && !module.sha256().isEmpty()) {
            quarantine.add(module.sha256(), module.source().getFileName().toString(), why);
        }
    }

    /**
     * A generation with this SHA-256 that was abandoned because a call into it hung: loading the file again would
     * only leave another thread stuck in it.
     */
    public Optional<BackendModule> hungWithHash(String sha256) {
        return modules.stream().filter(m -> m.hung() && m.sha256().equals(sha256)).findFirst();
    }

    /** The generation with this plugin id and SHA-256, started or retired, newest first. */
    public Optional<BackendModule> find(String id, String sha256) {
        return modules.stream()
                .filter(m -> m.id().equals(id) && m.sha256().equals(sha256))
                .filter(m -> m.state() == ModuleState.STARTED || m.state() == ModuleState.RETIRED)
                .max(Comparator.comparing((BackendModule m) -> m.state() == ModuleState.STARTED)
                        .thenComparingLong(BackendModule::generation));
    }

    /** The transport that serves {@code scheme}: highest version among started generations, then newest. */
    public Optional<TransportRef> resolve(String scheme) {
        return modules.stream()
                .filter(m -> m.state() == ModuleState.STARTED)
                .flatMap(m -> m.transport(scheme).stream().map(t -> new TransportRef(m, t)))
                .max(Comparator.<TransportRef, String>comparing(r -> r.module().version(), VersionOrder.INSTANCE)
                        .thenComparingLong(r -> r.module().generation()));
    }

    /** Every generation, in load order. */
    public List<BackendModule> modules() {
        return List.copyOf(modules);
    }

    /** The listing of every generation, in load order. */
    public List<ModuleInfo> list() {
        return modules.stream().map(BackendModule::info).toList();
    }

    /** Stops and unloads a generation and forgets it. */
    public synchronized void unload(BackendModule module) {
        module.unload();
        modules.remove(module);
    }

    /** Unloads every generation and removes this process's private folder. */
    @Override
    public synchronized void close() {
        for (BackendModule module : List.copyOf(modules)) {
            unload(module);
        }
        deleteTree(privateDir);
    }

    private static void removeFoldersOfDeadProcesses(Path base) {
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path dir : dirs.toList()) {
                String[] parts = dir.getFileName().toString().split("-");
                if (parts.length >= 2 && parts[0].chars().allMatch(Character::isDigit)
                        && parts[1].chars().allMatch(Character::isDigit)
                        && !new ProcessIdentity(Long.parseLong(parts[0]), Long.parseLong(parts[1])).isAlive()) {
                    LOG.debug("removing {}, left by a process that is gone", dir);
                    deleteTree(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot tidy {}: {}", base, e.toString());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }
}
