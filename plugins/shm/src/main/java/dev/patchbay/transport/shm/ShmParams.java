package dev.patchbay.transport.shm;

import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.WaitStrategy;

import java.util.Locale;

/**
 * What a {@code shm:} address asks for: {@code shm:<name>?flavor=posix|sysv&size=<ring bytes>&wait=spin|backoff|futex}
 * plus the {@code openTimeout} and {@code maxMessage} every address takes.
 *
 * @param address  the address as given
 * @param segment  the segment's name: {@code shm.<name>}, so that links stand apart from other shared memory
 * @param sysv     System V ({@code shmget}) rather than POSIX ({@code shm_open})
 * @param capacity bytes of each ring, a power of two (the {@code size} asked for, rounded up)
 * @param waitCode the wait strategy asked for ({@link ShmLinkDescriptor#WAIT_SPIN}, ...), or -1 if not given
 * @param options  open timeout and largest message
 */
record ShmParams(Address address, String segment, boolean sysv, int capacity, int waitCode, LinkOptions options) {
    /** Ring bytes per direction unless {@code size=} says otherwise. */
    static final int DEFAULT_CAPACITY = 1 << 20;
    /** How the listener waits unless {@code wait=} says otherwise: spin, yield, then park; safe on two cores. */
    static final int DEFAULT_WAIT = ShmLinkDescriptor.WAIT_BACKOFF;

    static ShmParams of(Address address, LinkOptions defaults) {
        LinkOptions options = defaults.forAddress(address);
        String segment = "shm." + address.plainName();
        if (!Names.isValid(segment)) {
            throw new AddressException("address '" + address + "': the name may have at most "
                    + (Names.MAX_LENGTH - 4) + " characters for a shared memory segment, not "
                    + address.plainName().length());
        }
        String flavor = address.param("flavor", "posix").toLowerCase(Locale.ROOT);
        if (!flavor.equals("posix") && !flavor.equals("sysv")) {
            throw new AddressException("address '" + address + "': flavor=" + flavor + " is not posix or sysv");
        }
        long size = address.sizeParam("size", DEFAULT_CAPACITY);
        if (size < ShmLinkDescriptor.MIN_CAPACITY || size > ShmLinkDescriptor.MAX_CAPACITY) {
            throw new AddressException("address '" + address + "': size=" + size + " must be between "
                    + ShmLinkDescriptor.MIN_CAPACITY + " (4k) and " + ShmLinkDescriptor.MAX_CAPACITY + " (512m)");
        }
        int capacity = Integer.highestOneBit((int) size);
        capacity = capacity == size ? capacity : capacity << 1;
        int waitCode = address.param("wait").map(w -> waitCode(address, w)).orElse(-1);
        return new ShmParams(address, segment, flavor.equals("sysv"), capacity, waitCode, options);
    }

    private static int waitCode(Address address, String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "spin" -> ShmLinkDescriptor.WAIT_SPIN;
            case "backoff" -> ShmLinkDescriptor.WAIT_BACKOFF;
            case "futex" -> ShmLinkDescriptor.WAIT_FUTEX;
            default -> throw new AddressException("address '" + address + "': wait=" + name
                    + " is not spin, backoff or futex");
        };
    }

    /** The strategy for a wait code. */
    static WaitStrategy strategy(int waitCode) {
        return switch (waitCode) {
            case ShmLinkDescriptor.WAIT_SPIN -> WaitStrategy.busySpin();
            case ShmLinkDescriptor.WAIT_FUTEX -> WaitStrategy.futex();
            default -> WaitStrategy.backoff();
        };
    }

    /** The segment, in the given mode; {@code dataLength} is ignored when opening. */
    SegmentSpec spec(OpenMode mode, long dataLength) {
        return sysv ? SegmentSpec.sysv(segment, mode, dataLength) : SegmentSpec.posix(segment, mode, dataLength);
    }
}
