package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.SharedMemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds everything Patchbay has made on this machine for this user, and removes what dead processes left behind:
 * the ipcs/ipcrm idea, for POSIX and System V segments, fifos, mapped files, named semaphores, hosts' control
 * sockets and demos' plugin copies at once. A segment whose creator died before it wrote the header (all zeros)
 * is collected once it is older than {@link Resource#UNFINISHED_GRACE}.
 *
 * <pre>{@code
 * Janitor janitor = new Janitor();
 * janitor.list().forEach(System.out::println);   // name, kind, size, owner pid, alive?, where
 * List<Resource> removed = janitor.gc();          // every leftover of a dead owner
 * }</pre>
 *
 * <p>It never removes what it cannot prove is ours (see {@link Resource#ours()}), nor, unless forced, what a
 * live process owns, nor a persistent file by {@link #gc()} unless it is one-off (see {@link Resource#oneOff()}).
 * Before removing, it looks again and removes only if the object is still the one it listed (same owner): a name
 * reused in the meantime by a live process is left.
 */
public final class Janitor {
    private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);

    private final Map<ResourceKind, Source> sources = new EnumMap<>(Map.of(
            ResourceKind.POSIX, new PosixSource(),
            ResourceKind.SYSV, new SysVSource(),
            ResourceKind.FIFO, new FifoSource(),
            ResourceKind.MAPPED_FILE, new MappedFileSource(),
            ResourceKind.SEMAPHORE, new SemaphoreSource(),
            ResourceKind.CONTROL_SOCKET, new ControlSocketSource(),
            ResourceKind.DEMO_FOLDER, new DemoFolderSource(),
            ResourceKind.AERON, new AeronSource()));

    /** Everything found, by kind then name. */
    public List<Resource> list() {
        List<Resource> out = new ArrayList<>();
        for (Source source : sources.values()) {
            source.scan().stream()
                    .sorted((a, b) -> a.name().compareTo(b.name()))
                    .forEach(out::add);
        }
        return out;
    }

    /** The resources named {@code name}, of any kind. */
    public List<Resource> find(String name) {
        return list().stream().filter(r -> r.name().equals(name)).toList();
    }

    /**
     * Removes every resource named {@code name}.
     *
     * @param force also remove what a live process owns, or what is not provably ours (never System V segments,
     *              which are only listed when proven ours)
     * @return what was removed
     * @throws SharedMemException if one of them may not be removed; nothing is removed then
     */
    public List<Resource> remove(String name, boolean force) {
        List<Resource> found = find(name);
        found.forEach(r -> check(r, force));
        List<Resource> removed = new ArrayList<>();
        for (Resource r : found) {
            if (remove(r, force)) {
                removed.add(r);
            }
        }
        return removed;
    }

    /**
     * Removes one resource, if it is still there and still the same.
     *
     * @return false if it was gone or changed (then it is left alone)
     * @throws SharedMemException if it may not be removed
     */
    public boolean remove(Resource resource, boolean force) {
        check(resource, force);
        Source source = sources.get(resource.kind());
        Optional<Resource> now = source.rescan(resource);
        if (now.isEmpty() || !Objects.equals(now.get().owner(), resource.owner())) {
            LOG.info("{} {} is gone or changed since it was listed; leaving it", resource.kind(), resource.name());
            return false;
        }
        check(now.get(), force);
        try {
            source.delete(now.get());
        } catch (IOException e) {
            throw new SharedMemException("cannot remove " + resource.kind() + " " + resource.location() + ": " + e, e);
        }
        LOG.info("removed {} {} ({}), owner pid {}", resource.kind(), resource.name(), resource.location(),
                resource.ownerPid());
        return true;
    }

    /**
     * Removes every leftover: ours, not persistent, owner dead.
     *
     * @return what was removed
     */
    public List<Resource> gc() {
        List<Resource> removed = new ArrayList<>();
        for (Resource r : list()) {
            if (r.isLeftover()) {
                try {
                    if (remove(r, false)) {
                        removed.add(r);
                    }
                } catch (SharedMemException e) {
                    LOG.warn("cannot collect {} {}: {}", r.kind(), r.name(), e.getMessage());
                }
            }
        }
        return removed;
    }

    private static void check(Resource r, boolean force) {
        if (force) {
            return;
        }
        if (r.unfinished()) {
            if (!r.isLeftover()) {
                throw new SharedMemException(r.kind() + " " + r.location() + " has no header yet and changed less than "
                        + Resource.UNFINISHED_GRACE.toSeconds() + " s ago: it may be being made; not removing it");
            }
            return;
        }
        if (!r.ours()) {
            throw new SharedMemException(r.kind() + " " + r.location() + " is not provably Patchbay's (no header or"
                    + " owner file of ours); not removing it");
        }
        if (r.ownerAlive()) {
            throw new SharedMemException(r.kind() + " " + r.name() + " belongs to process " + r.ownerPid()
                    + ", which is alive; not removing it");
        }
    }
}
