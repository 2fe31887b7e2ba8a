package dev.patchbay.host.patch;

import dev.patchbay.host.spi.HostControl;
import dev.patchbay.host.module.FileLook;
import dev.patchbay.host.module.ModuleRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the plugins folder (inotify, through {@link WatchService}) and deploys each module file that appears or
 * changes, once it has stopped changing: no event and the same size and modification time for
 * {@link FileLook#SETTLE} (a file being copied or written in place is not loaded half-written).
 */
public final class PatchWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PatchWatcher.class);
    private static final long SETTLE_NANOS = FileLook.SETTLE.toNanos();

    /** How often the trust lists are looked at: a file trusted since it was refused is then deployed. */
    private static final long TRUST_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final WatchService watch;
    private final Path folder;
    private final ModuleRegistry modules;
    private final PatchDeployer deployer;
    private final CopyOnWriteArrayList<Consumer<PatchResult>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    private PatchWatcher(WatchService watch, Path folder, ModuleRegistry modules, PatchDeployer deployer) {
        this.watch = watch;
        this.folder = folder;
        this.modules = modules;
        this.deployer = deployer;
        this.thread = new Thread(this::run, "patchbay-patch-watcher");
        this.thread.setDaemon(true);
    }

    /** Starts watching the host's plugins folder. */
    public static PatchWatcher start(HostControl host) {
        Path folder = host.modules().pluginsDir();
        try {
            WatchService watch = FileSystems.getDefault().newWatchService();
            folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            PatchWatcher watcher = new PatchWatcher(watch, folder, host.modules(), new PatchDeployer(host));
            watcher.thread.start();
            LOG.debug("watching {} for patches", folder);
            return watcher;
        } catch (IOException e) {
            throw new dev.patchbay.host.module.ModuleException("cannot watch plugins folder " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    /** Hears the result of every deployment. */
    public void addListener(Consumer<PatchResult> listener) {
        listeners.add(listener);
    }

    /** A file seen changing: how it looked, and since when it has looked so (or since its last event). */
    private record Settling(Optional<FileLook> look, long since) {
        static Settling now(Path file, long nanos) {
            return new Settling(FileLook.of(file), nanos);
        }
    }

    private void run() {
        Map<Path, Settling> settling = new HashMap<>();
        long trustStamp = modules.trust().stamp();
        long trustCheckedAt = System.nanoTime();
        while (!closed) {
            try {
                if (System.nanoTime() - trustCheckedAt > TRUST_CHECK_NANOS) {
                    trustCheckedAt = System.nanoTime();
                    long stamp = modules.trust().stamp();
                    if (stamp != trustStamp) {
                        trustStamp = stamp;
                        for (Path refused : modules.untrustedFiles()) {
                            // Trusting a file does not write it: no need to wait for it again.
                            settling.put(refused, Settling.now(refused, System.nanoTime() - SETTLE_NANOS));
                        }
                    }
                }
                WatchKey key = watch.poll(100, TimeUnit.MILLISECONDS);
                if (key != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.context() instanceof Path name && ModuleRegistry.isModuleFile(name)) {
                            Path file = folder.resolve(name);
                            settling.put(file, Settling.now(file, System.nanoTime()));
                        }
                    }
                    key.reset();
                }
                deploySettled(settling);
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("patch watcher: {}", e.toString());
            }
        }
    }

    private void deploySettled(Map<Path, Settling> settling) {
        for (Iterator<Map.Entry<Path, Settling>> it = settling.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Settling> entry = it.next();
            long now = System.nanoTime();
            Optional<FileLook> look = FileLook.of(entry.getKey());
            if (!look.equals(entry.getValue().look())) {
                // Written to without an event reaching us yet: the window starts again.
                entry.setValue(new Settling(look, now));
                continue;
            }
            if (now - entry.getValue().since() < SETTLE_NANOS) {
                continue;
            }
            it.remove();
            if (!Files.isRegularFile(entry.getKey())) {
                continue;
            }
            PatchResult result = deployer.deploy(entry.getKey());
            if (result != null) {
                for (Consumer<PatchResult> listener : listeners) {
                    listener.accept(result);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException ignored) {
            // Closing a watch service only releases the inotify descriptor.
        }
        thread.interrupt();
    }
}
