package dev.patchbay.transport.mmap;

import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor;
import dev.patchbay.sharedmem.sync.FutexWait;
import dev.patchbay.sharedmem.sync.WaitStrategy;

import java.util.Locale;

/**
 * What an {@code mmap:} address asks for:
 * {@code mmap:<name>?rollSize=16m&retain=2&durability=none&batch=64&backlog=64m&wait=backoff&from=<seq>}, plus the
 * {@code openTimeout} and {@code maxMessage} every address takes.
 *
 * @param address    the address as given
 * @param name       the plain name the files are called after
 * @param rollSize   bytes of each log file; a longer record gets a file of its own size
 * @param retain     how many fully read files of a direction to keep; -1 keeps every file, even after a clean end
 * @param durability when to force records to the disk
 * @param batch      records per forced write with {@link Durability#BATCH}
 * @param backlog    how many bytes the writer may run ahead of the reader before it waits (checked per file)
 * @param waitStrategy how to wait for records or for the reader
 * @param from       the sequence number this side starts reading at, or -1 to go on where it stopped
 * @param options    open timeout and largest message
 */
record MmapParams(Address address, String name, long rollSize, int retain, Durability durability, int batch,
                  long backlog, WaitStrategy waitStrategy, long from, LinkOptions options) {
    static final long DEFAULT_ROLL_SIZE = 16L << 20;
    static final int DEFAULT_RETAIN = 2;
    static final long DEFAULT_BACKLOG = 64L << 20;
    /** The longest name: the log files' names add {@code .a2b.00000001.log}. */
    static final int MAX_NAME = Names.MAX_LENGTH - 17;
    private static final long MIN_ROLL_SIZE = 64L << 10;
    private static final long MAX_ROLL_SIZE = SegmentHeaderDescriptor.MAX_TOTAL_SIZE;

    static MmapParams of(Address address, LinkOptions defaults) {
        LinkOptions options = defaults.forAddress(address);
        String name = address.plainName();
        if (name.length() > MAX_NAME || !Names.isValid(name)) {
            throw new AddressException("address '" + address + "': an mmap name has at most " + MAX_NAME
                    + " characters and does not start with '.' or '-'");
        }
        long rollSize = address.sizeParam("rollSize", DEFAULT_ROLL_SIZE);
        if (rollSize < MIN_ROLL_SIZE || rollSize > MAX_ROLL_SIZE) {
            throw new AddressException("address '" + address + "': rollSize=" + rollSize + " must be between "
                    + MIN_ROLL_SIZE + " (64k) and " + MAX_ROLL_SIZE);
        }
        if (LogFileDescriptor.sizeFor(options.maxMessageSize()) > MAX_ROLL_SIZE) {
            throw new AddressException("address '" + address + "': maxMessage=" + options.maxMessageSize()
                    + " does not fit a log file (at most " + MAX_ROLL_SIZE + " bytes)");
        }
        boolean keepAll = address.param("retain", "").equalsIgnoreCase("all");
        int retain = keepAll ? -1 : (int) bounded(address, "retain", DEFAULT_RETAIN, 0, 1 << 20);
        Durability durability = parseDurability(address);
        int batch = (int) bounded(address, "batch", 64, 1, 1 << 20);
        long backlog = address.sizeParam("backlog", DEFAULT_BACKLOG);
        if (backlog < rollSize) {
            backlog = rollSize;
        }
        WaitStrategy wait;
        try {
            wait = WaitStrategy.named(address.param("wait", "backoff"));
        } catch (IllegalArgumentException e) {
            throw new AddressException("address '" + address + "': " + e.getMessage());
        }
        long from = address.param("from").isPresent() ? bounded(address, "from", 0, 0, Long.MAX_VALUE) : -1;
        return new MmapParams(address, name, rollSize, retain, durability, batch, backlog, wait, from, options);
    }

    private static long bounded(Address address, String key, long defaultValue, long min, long max) {
        long value = address.longParam(key, defaultValue);
        if (value < min || value > max) {
            throw new AddressException("address '" + address + "': " + key + "=" + value + " must be between "
                    + min + " and " + max);
        }
        return value;
    }

    private static Durability parseDurability(Address address) {
        String value = address.param("durability", "none");
        try {
            return Durability.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AddressException("address '" + address + "': durability=" + value
                    + " is not none, batch or message");
        }
    }

    /** True if this side sleeps on doorbells, so the other side must ring them. */
    boolean sleeps() {
        return waitStrategy instanceof FutexWait;
    }

    /** The address without {@code from}: how the peer (and a later reconnect) should see it. */
    Address shared() {
        return address.withoutParam("from");
    }
}
