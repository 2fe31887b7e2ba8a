package dev.patchbay.host.natives;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.host.module.ModuleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One native library loaded from a generation's private copy, bound to its own {@link NativeAbi}, and everything
 * that keeps it from being unloaded: open links and acceptors, and opens under way.
 *
 * <p>Closing the library while a call into it runs, or while Java code reads a ring it mapped, kills the process
 * (SIGSEGV). So {@link #close()} shuts every open link and acceptor down (which wakes their blocked calls), and the
 * library is disposed only when the last of them has finished its last call: by the thread that leaves last. If a
 * call never returns (a module that ignores pb_shutdown), the library stays loaded: a leak, never a crash.
 */
final class LoadedLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedLibrary.class);
    /** dlopen flag: resolve every symbol now, so that a missing one fails the load, not a later call. */
    private static final int RTLD_NOW = 2;
    private static final long DRAIN_SECONDS = 5;

    private final String fileName;
    private final NativeLibrary library;
    private final BindingSlots.Slot<NativeAbi> slot;
    /** Bound if the library exports pb_send_timeout; null otherwise. */
    private final BindingSlots.Slot<BoundedSend> boundedSend;
    private final NativeInfo info;
    private final Function stats;
    private final Function statsNames;
    private final Set<NativeHandle> live = ConcurrentHashMap.newKeySet();
    /** The module itself (until {@link #close}), each live handle, and each open under way. */
    private final AtomicInteger users = new AtomicInteger(1);
    private final AtomicBoolean disposed = new AtomicBoolean();
    private final CountDownLatch unloaded = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile Consumer<String> onHung = why -> { };

    private LoadedLibrary(String fileName, NativeLibrary library, BindingSlots.Slot<NativeAbi> slot,
            BindingSlots.Slot<BoundedSend> boundedSend, NativeInfo info) {
        this.fileName = fileName;
        this.library = library;
        this.slot = slot;
        this.boundedSend = boundedSend;
        this.info = info;
        this.stats = optional(library, "pb_link_stats");
        this.statsNames = optional(library, "pb_link_stats_names");
    }

    /**
     * Loads {@code copy} and checks it is a native transport this host can use.
     *
     * @param fileName the name of the file in the plugins folder, for messages
     * @throws ModuleException naming the file and the problem
     */
    static LoadedLibrary open(Path copy, String fileName, int hostAbi) {
        NativeLibrary library;
        try {
            library = NativeLibrary.getInstance(copy.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW));
        } catch (UnsatisfiedLinkError e) {
            throw new ModuleException(fileName + " cannot be loaded by the dynamic linker: "
                    + dlerror(e.getMessage(), copy));
        }
        try {
            NativeInfo info = check(library, fileName, hostAbi);
            BindingSlots.Slot<BoundedSend> boundedSend = optional(library, "pb_send_timeout") == null ? null
                    : BindingSlots.bind(library, BoundedSendBinding.class, BoundedSend.class);
            try {
                return new LoadedLibrary(fileName, library, BindingSlots.bind(library), boundedSend, info);
            } catch (RuntimeException | Error e) {
                if (boundedSend != null) {
                    BindingSlots.release(boundedSend);
                }
                throw e;
            }
        } catch (RuntimeException | Error e) {
            library.close();
            throw e;
        }
    }

    /** ABI version first (other versions may have other functions), then the functions, then the description. */
    private static NativeInfo check(NativeLibrary library, String fileName, int hostAbi) {
        List<String> missing = new ArrayList<>();
        for (String name : BindingSlots.REQUIRED) {
            if (optional(library, name) == null) {
                missing.add(name);
            }
        }
        long address = 0;
        if (!missing.contains("pb_module_info")) {
            Pointer p = library.getFunction("pb_module_info").invokePointer(new Object[0]);
            address = Pointer.nativeValue(p);
            if (address == 0) {
                throw new ModuleException(fileName + ": pb_module_info() returned NULL");
            }
            int abi = NativeInfo.abiVersionAt(address);
            if (abi != hostAbi) {
                throw new ModuleException(fileName + " was built for native ABI " + abi + "; this host speaks native"
                        + " ABI " + hostAbi + ". Rebuild it against this host's patchbay_transport.h");
            }
        }
        if (!missing.isEmpty()) {
            throw new ModuleException(fileName + " does not export " + String.join(", ", missing) + ", which every"
                    + " native transport must (see patchbay_transport.h: mark them PB_EXPORT)");
        }
        try {
            return NativeInfo.at(address);
        } catch (IllegalArgumentException e) {
            throw new ModuleException(fileName + ": " + e.getMessage());
        }
    }

    private static Function optional(NativeLibrary library, String name) {
        try {
            return library.getFunction(name);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** The dynamic loader's own line from JNA's message, with our private copy's path taken out. */
    private static String dlerror(String message, Path copy) {
        String[] lines = message == null ? new String[0] : message.split("\n");
        String line = lines.length > 1 ? lines[1] : message;
        return line == null ? "unknown reason" : withoutCopyPath(line, copy);
    }

    /** A dynamic loader's message without our private copy's path, which means nothing to the user. */
    static String withoutCopyPath(String line, Path copy) {
        return line.replace(copy + ": ", "").replace(copy.toString(), "the copy");
    }

    /** Who is told when a call into this library overran so badly that the library counts as hung. */
    void onHung(Consumer<String> listener) {
        onHung = listener;
    }

    /** A call into this library broke its time limit (see {@link NativeLink#checkCalls}). */
    void reportHung(String why) {
        onHung.accept(why);
    }

    NativeAbi abi() {
        return slot.abi();
    }

    /** pb_send_timeout, if the library exports it: then sends can be bounded without breaking back-pressure. */
    BoundedSend boundedSend() {
        return boundedSend == null ? null : boundedSend.abi();
    }

    NativeInfo info() {
        return info;
    }

    String fileName() {
        return fileName;
    }

    /** The counters of a link, named, if the module exports pb_link_stats (empty otherwise). */
    Map<String, Long> stats(long link) {
        if (stats == null || statsNames == null) {
            return Map.of();
        }
        String[] names = statsNames.invokeString(new Object[0], false).split(",");
        try (Memory out = new Memory(8L * names.length)) {
            int n = stats.invokeInt(new Object[] {new Pointer(link), out, names.length});
            Map<String, Long> values = new java.util.LinkedHashMap<>();
            for (int i = 0; i < Math.min(n, names.length); i++) {
                values.put(names[i].trim(), out.getLong(8L * i));
            }
            return values;
        }
    }

    /** Counts an open under way (listen, connect): the library stays loaded until {@link #leave}. */
    void enter() {
        users.incrementAndGet();
        if (closing) {
            leave();
            throw new LinkClosedException(fileName + " is being unloaded; open a link through a newer generation");
        }
    }

    /** Ends what {@link #enter} began; the last user to leave a closing library disposes of it. */
    void leave() {
        if (users.decrementAndGet() == 0) {
            dispose();
        }
    }

    /** Keeps the library loaded while {@code handle} is open; it calls {@link #forget} when released. */
    void adopt(NativeHandle handle) {
        users.incrementAndGet();
        live.add(handle);
        if (closing) {
            handle.close();
        }
    }

    void forget(NativeHandle handle) {
        if (live.remove(handle)) {
            leave();
        }
    }

    /**
     * Shuts down every open link and acceptor and unloads the library once their calls have returned; waits up to
     * a few seconds for that, then lets the last call do it.
     */
    void close() {
        if (closing) {
            return;
        }
        closing = true;
        for (NativeHandle handle : List.copyOf(live)) {
            handle.close();
        }
        leave();
        try {
            if (!unloaded.await(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{}: calls into it are still running after {} s; it stays loaded until they return",
                        fileName, DRAIN_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the library is closed (unmapped, if nothing else holds it). */
    boolean isUnloaded() {
        return unloaded.getCount() == 0;
    }

    private void dispose() {
        if (disposed.compareAndSet(false, true)) {
            // Unbind first: a stray call now fails with UnsatisfiedLinkError instead of jumping into unmapped code.
            BindingSlots.release(slot);
            if (boundedSend != null) {
                BindingSlots.release(boundedSend);
            }
            library.close();
            unloaded.countDown();
            LOG.info("{} ({}@{}) unloaded", fileName, info.id(), info.version());
        }
    }
}
