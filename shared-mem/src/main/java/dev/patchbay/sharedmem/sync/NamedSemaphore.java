package dev.patchbay.sharedmem.sync;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.ObjectExistsException;
import dev.patchbay.sharedmem.ObjectNotFoundException;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Fcntl;
import dev.patchbay.sharedmem.posix.NativeCallException;
import dev.patchbay.sharedmem.posix.Semaphore;
import dev.patchbay.sharedmem.posix.Stat;
import dev.patchbay.sharedmem.posix.Unistd;
import dev.patchbay.sharedmem.runtime.OwnerFile;
import dev.patchbay.sharedmem.runtime.Ownership;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;
import dev.patchbay.sharedmem.segment.OpenMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * A POSIX named semaphore, {@code sem_open("/patchbay-<name>")}: a counter the kernel keeps under a name
 * ({@code /dev/shm/sem.patchbay-<name>}), so unrelated processes meet at it without sharing a segment.
 *
 * <p>The creator owns it: an owner file {@code <runtime>/sem/<name>.owner} says so (the janitor reads it), and
 * closing the owner's handle removes the name. Not robust: a process killed between P and V keeps its unit.
 */
public final class NamedSemaphore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamedSemaphore.class);
    /** Where Linux shows named semaphores. */
    private static final String DEV_SHM = "/dev/shm/sem.";

    private final String name;
    private final String objectName;
    private final boolean owner;
    private long sem;

    private NamedSemaphore(String name, long sem, boolean owner) {
        this.name = name;
        this.objectName = Names.posixName(name);
        this.sem = sem;
        this.owner = owner;
    }

    /**
     * Opens or creates the semaphore {@code name}.
     *
     * @param initial the value a new semaphore starts with (ignored when opening an existing one)
     */
    public static NamedSemaphore open(String name, OpenMode mode, int initial) {
        String objectName = Names.posixName(name);
        SemOps.checkInitial(initial);
        return switch (mode) {
            case CREATE_NEW -> createNew(name, initial);
            case OPEN_EXISTING -> {
                long sem = openExisting(objectName);
                if (sem == Semaphore.SEM_FAILED) {
                    throw new ObjectNotFoundException("named semaphore " + objectName + " does not exist");
                }
                yield joined(name, sem);
            }
            case OPEN_OR_CREATE -> {
                for (int attempt = 0; attempt < 5; attempt++) {
                    long sem = create(objectName, initial);
                    if (sem != Semaphore.SEM_FAILED) {
                        yield owned(name, sem);
                    }
                    sem = openExisting(objectName);
                    if (sem != Semaphore.SEM_FAILED) {
                        yield joined(name, sem);
                    }
                }
                throw new SharedMemException("named semaphore " + objectName + " kept appearing and disappearing");
            }
        };
    }

    private static NamedSemaphore createNew(String name, int initial) {
        String objectName = Names.posixName(name);
        long sem = create(objectName, initial);
        if (sem == Semaphore.SEM_FAILED) {
            var previous = OwnerFile.read(ownerFile(name));
            if (previous.isPresent() && !previous.get().process().isAlive()) {
                LOG.info("removing named semaphore {} left behind by process {}, which is gone", objectName,
                        previous.get().process().pid());
                remove(name);
                sem = create(objectName, initial);
            }
        }
        if (sem == Semaphore.SEM_FAILED) {
            throw new ObjectExistsException("named semaphore " + objectName + " already exists");
        }
        return owned(name, sem);
    }

    /**
     * A semaphore someone else created, once its file proves it ours and private. sem_open hands out no descriptor,
     * so the file is opened beside it (without following links) and asked through that descriptor; the semaphore
     * is not touched before the check.
     */
    private static NamedSemaphore joined(String name, long sem) {
        String file = DEV_SHM + Names.PREFIX + name;
        try {
            int fd = Fcntl.open(file, Fcntl.O_RDONLY | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC, 0);
            try {
                Ownership.requireOwn(fd, "named semaphore " + file);
            } finally {
                Unistd.close(fd);
            }
        } catch (LastErrorException e) {
            Semaphore.sem_close(sem);
            throw Errno.failure("open(" + file + ")", e);
        } catch (RuntimeException e) {
            Semaphore.sem_close(sem);
            throw e;
        }
        return new NamedSemaphore(name, sem, false);
    }

    private static NamedSemaphore owned(String name, long sem) {
        Path ownerFile = ownerFile(name);
        try {
            Files.deleteIfExists(ownerFile);
            OwnerFile.claim(ownerFile);
            Path dev = Path.of(DEV_SHM + Names.PREFIX + name);
            if (Files.exists(dev)) {
                Files.setPosixFilePermissions(dev, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException | RuntimeException e) {
            Semaphore.sem_close(sem);
            Semaphore.sem_unlink(Names.posixName(name));
            throw new SharedMemException("cannot record the owner of named semaphore " + name + ": " + e, e);
        }
        return new NamedSemaphore(name, sem, true);
    }

    /** sem_open with O_CREAT|O_EXCL; SEM_FAILED if the name is taken. */
    private static long create(String objectName, int initial) {
        long sem = Semaphore.sem_open(objectName, Fcntl.O_CREAT | Fcntl.O_EXCL, Stat.MODE_0600, initial);
        if (sem == Semaphore.SEM_FAILED && Native.getLastError() != Errno.EEXIST) {
            throw new NativeCallException("sem_open(" + objectName + ", O_CREAT|O_EXCL, 0600, " + initial + ")",
                    Native.getLastError());
        }
        return sem;
    }

    /** sem_open of an existing semaphore; SEM_FAILED if there is none. */
    private static long openExisting(String objectName) {
        long sem = Semaphore.sem_open(objectName, 0, 0, 0);
        if (sem == Semaphore.SEM_FAILED && Native.getLastError() != Errno.ENOENT) {
            throw new NativeCallException("sem_open(" + objectName + ")", Native.getLastError());
        }
        return sem;
    }

    /** The owner file of the named semaphore {@code name}. */
    public static Path ownerFile(String name) {
        return RuntimeDirectory.sub("sem").resolve(Names.validate(name) + OwnerFile.SUFFIX);
    }

    /**
     * Removes the name {@code name} and its owner file, whoever owns it; handles that are open stay usable.
     *
     * @return false if there was no such semaphore
     */
    public static boolean remove(String name) {
        String objectName = Names.posixName(name);
        boolean removed = Semaphore.sem_unlink(objectName) == 0;
        if (!removed && Native.getLastError() != Errno.ENOENT) {
            throw new NativeCallException("sem_unlink(" + objectName + ")", Native.getLastError());
        }
        try {
            Files.deleteIfExists(ownerFile(name));
        } catch (IOException e) {
            LOG.warn("cannot remove owner file of named semaphore {}: {}", name, e.toString());
        }
        return removed;
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** True if this handle created the semaphore. */
    public boolean isOwner() {
        return owner;
    }

    /** P: waits until the value is above zero, then decrements it. */
    public void acquire() {
        SemOps.acquire(handle(), objectName);
    }

    /** P, waiting at most {@code timeout}; false if it passed first. */
    public boolean acquire(Duration timeout) {
        return SemOps.acquire(handle(), timeout, objectName);
    }

    /** P if it need not wait; false if the value is zero. */
    public boolean tryAcquire() {
        return SemOps.tryAcquire(handle(), objectName);
    }

    /** V: increments the value, waking one waiter. */
    public void release() {
        SemOps.release(handle(), objectName);
    }

    /** The current value. */
    public int value() {
        return SemOps.value(handle(), objectName);
    }

    private synchronized long handle() {
        if (sem == 0) {
            throw new SharedMemException("named semaphore " + objectName + " is closed");
        }
        return sem;
    }

    /** Closes this handle; the owner also removes the name. */
    @Override
    public synchronized void close() {
        if (sem == 0) {
            return;
        }
        Semaphore.sem_close(sem);
        sem = 0;
        if (owner) {
            remove(name);
        }
    }

    @Override
    public String toString() {
        return "NamedSemaphore[" + objectName + (owner ? ", owner" : "") + "]";
    }
}
