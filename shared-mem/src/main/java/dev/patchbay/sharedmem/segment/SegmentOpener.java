package dev.patchbay.sharedmem.segment;

import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.ObjectExistsException;
import dev.patchbay.sharedmem.ObjectNotFoundException;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.FLAG_PERSISTENT;
import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.MAGIC;
import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.MAGIC_CREATING;
import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.MAGIC_OFFSET;

/** The create / open / open-or-create protocol, and the publication of the header. */
final class SegmentOpener {
    /** How long an opener waits for a creator to publish a segment. */
    static final long INIT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final Logger LOG = LoggerFactory.getLogger(SegmentOpener.class);
    private static final ProcessIdentity ME = ProcessIdentity.current();
    private static final int OPEN_OR_CREATE_ATTEMPTS = 5;

    private SegmentOpener() {
    }

    static Segment open(SegmentSpec spec, Consumer<Segment> initializer) {
        long deadline = System.nanoTime() + INIT_TIMEOUT_NANOS;
        return switch (spec.mode()) {
            case CREATE_NEW -> createNew(spec, initializer);
            case OPEN_EXISTING -> openExisting(spec, deadline);
            case OPEN_OR_CREATE -> openOrCreate(spec, initializer, deadline);
        };
    }

    private static Segment createNew(SegmentSpec spec, Consumer<Segment> initializer) {
        Backing backing = Backing.of(spec);
        if (backing.create(spec.totalSize())) {
            return initialise(spec, backing, initializer);
        }
        reclaimLeftover(spec, Backing.of(spec));
        if (backing.create(spec.totalSize())) {
            return initialise(spec, backing, initializer);
        }
        throw new ObjectExistsException(spec.describe() + " already exists");
    }

    private static Segment openExisting(SegmentSpec spec, long deadline) {
        Backing backing = Backing.of(spec);
        if (!backing.open(deadline)) {
            throw new ObjectNotFoundException(spec.describe() + " does not exist");
        }
        return attach(spec, backing, deadline);
    }

    private static Segment openOrCreate(SegmentSpec spec, Consumer<Segment> initializer, long deadline) {
        // Create and open race with other processes (and with removal): retry until one of them holds.
        for (int attempt = 0; attempt < OPEN_OR_CREATE_ATTEMPTS; attempt++) {
            Backing backing = Backing.of(spec);
            if (backing.create(spec.totalSize())) {
                return initialise(spec, backing, initializer);
            }
            if (backing.open(deadline)) {
                return attach(spec, backing, deadline);
            }
        }
        throw new SharedMemException(spec.describe() + " kept appearing and disappearing while opening it");
    }

    private static Segment initialise(SegmentSpec spec, Backing backing, Consumer<Segment> initializer) {
        Segment segment = new Segment(spec, backing, true);
        try {
            var buffer = segment.data().buffer();
            SegmentHeader.writeCreating(buffer, spec.kind(), spec.name(), backing.length,
                    spec.persistent() ? FLAG_PERSISTENT : 0, ME);
            initializer.accept(segment);
            SegmentHeader.publish(buffer);
            LOG.debug("created {} ({} bytes)", spec.describe(), backing.length);
            return segment;
        } catch (RuntimeException | Error e) {
            segment.close();
            throw e;
        }
    }

    private static Segment attach(SegmentSpec spec, Backing backing, long deadline) {
        Segment segment = new Segment(spec, backing, false);
        try {
            var buffer = segment.data().buffer();
            long magic = (long) MemoryViews.LONG.getAcquire(buffer, MAGIC_OFFSET);
            while ((magic == 0 || magic == MAGIC_CREATING) && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(1_000_000);
                magic = (long) MemoryViews.LONG.getAcquire(buffer, MAGIC_OFFSET);
            }
            SegmentHeader header = SegmentHeader.read(buffer, 0);
            if (magic != MAGIC && header.isOurs()) {
                throw new SharedMemException(spec.describe() + " was not initialised within "
                        + TimeUnit.NANOSECONDS.toSeconds(INIT_TIMEOUT_NANOS) + " s; its creator (pid "
                        + header.owner().pid() + ") is " + (header.owner().isAlive() ? "alive" : "dead"));
            }
            header.checkCompatible(spec.describe());
            if (!spec.name().equals(header.name()) || header.kind() != spec.kind()) {
                throw new IncompatibleLayoutException(spec.describe() + " holds a " + header.kind()
                        + " segment named '" + header.name() + "'; its key or name collides with ours");
            }
            if (header.totalSize() > backing.length) {
                throw new IncompatibleLayoutException(spec.describe() + " says it is " + header.totalSize()
                        + " bytes but only " + backing.length + " are there");
            }
            return segment;
        } catch (RuntimeException | Error e) {
            segment.close();
            throw e;
        }
    }

    /**
     * For {@link OpenMode#CREATE_NEW} on a taken name: removes what is there if it is provably ours, not
     * persistent, and its owner is dead; otherwise says why the name cannot be had.
     */
    private static void reclaimLeftover(SegmentSpec spec, Backing existing) {
        if (!existing.open(System.nanoTime())) {
            return;
        }
        SegmentHeader header = SegmentHeader.read(
                new Pointer(existing.address).getByteBuffer(0, SegmentHeaderDescriptor.HEADER_LENGTH), 0);
        boolean ours = header.isOurs() && spec.name().equals(header.name()) && header.kind() == spec.kind();
        boolean reclaimable = ours && !header.isPersistent() && !header.owner().isAlive();
        try {
            if (reclaimable) {
                LOG.info("removing {} left behind by process {}, which is gone", spec.describe(),
                        header.owner().pid());
                existing.remove();
                return;
            }
        } finally {
            existing.unmap();
        }
        String why = !ours ? "and is not a Patchbay segment"
                : header.isPersistent() ? "and is persistent"
                : "and its owner, process " + header.owner().pid() + ", is alive";
        throw new ObjectExistsException(spec.describe() + " already exists " + why);
    }
}
