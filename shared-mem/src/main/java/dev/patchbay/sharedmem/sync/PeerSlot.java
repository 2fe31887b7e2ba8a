package dev.patchbay.sharedmem.sync;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.segment.Region;

import java.nio.ByteBuffer;

/**
 * Where one process of a pair sharing memory says who it is and whether it is still there: {@value #LENGTH} bytes,
 * 8-byte aligned. Two such slots (one per side) let each side notice the other closing (a state change) or dying
 * (its process identity no longer alive), without heartbeats that expire on an idle link.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+-----------------------------------------------+
 *  | state (u8)    | generation (u24)                              |  0   word: changed by CAS only
 *  +---------------+-----------------------------------------------+
 *  |                   pid (u32)                                   |  4
 *  +---------------------------------------------------------------+
 *  |                   start time, clock ticks after boot (i64)    |  8
 *  +---------------------------------------------------------------+
 *  |                   largest message it accepts (u32)            | 16
 *  +---------------------------------------------------------------+
 *  |                   flags (u32): bit 0 WAKE_ME                  | 20
 *  +---------------------------------------------------------------+
 *  |                   opened, ms since the epoch (i64)            | 24
 *  +---------------------------------------------------------------+
 *  |                   reserved, zero (32 bytes)                 ... | 32
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The first 8 bytes are one little-endian u64, the <em>word</em>: state in bits 0-7, a generation in bits 8-31
 * (+1 at every claim, so a slot taken over and reopened never looks unchanged), the holder's pid in bits 32-63.
 * States: {@link #EMPTY} (never used), {@link #CLAIMED} (a process took it and is getting ready),
 * {@link #OPEN}, {@link #CLOSED} (its holder left cleanly), {@link #RETIRED} (the memory is being removed; use
 * none of it). A slot whose holder is dead may be claimed again.
 *
 * <p>Claiming is a CAS on the word; the holder then writes the other fields and release-stores the word with state
 * OPEN. While CLAIMED the start time may be stale, so a claimed slot counts as held while a process with its pid
 * exists; an open one while exactly that process (pid and start time) is alive.
 */
public final class PeerSlot {
    /** Bytes a slot takes; it must be 8-byte aligned. */
    public static final int LENGTH = 64;
    public static final int WORD_OFFSET = 0;
    public static final int START_TIME_OFFSET = 8;
    public static final int MAX_MESSAGE_OFFSET = 16;
    public static final int FLAGS_OFFSET = 20;
    public static final int OPENED_OFFSET = 24;

    public static final int EMPTY = 0;
    public static final int CLAIMED = 1;
    public static final int OPEN = 2;
    public static final int CLOSED = 3;
    public static final int RETIRED = 4;

    /** Flag: this side sleeps on doorbells, so the other side must ring them. */
    public static final int FLAG_WAKE_ME = 1;

    /** {@link #claim} result: a live process holds the slot. */
    public static final long HELD = 0;
    /** {@link #claim} result: the slot is retired. */
    public static final long RETIRED_SLOT = -1;

    private final ByteBuffer buffer;
    private final int base;

    private PeerSlot(Region region) {
        this.buffer = region.buffer();
        this.base = region.offset();
    }

    /** The slot in the first {@value #LENGTH} bytes of {@code region}. */
    public static PeerSlot at(Region region) {
        region.require("peer slot", 8, LENGTH);
        return new PeerSlot(region);
    }

    /** The word now (volatile load). */
    public long word() {
        return (long) MemoryViews.LONG.getVolatile(buffer, base + WORD_OFFSET);
    }

    /** The state in a word. */
    public static int state(long word) {
        return (int) (word & 0xFF);
    }

    /** The holder's pid in a word. */
    public static long pid(long word) {
        return word >>> 32;
    }

    private static long pack(long pid, long generation, int state) {
        return (pid << 32) | ((generation & 0xFF_FFFFL) << 8) | state;
    }

    /**
     * Takes the slot for {@code me} unless a live process holds it: CLAIMED, with a new generation.
     *
     * @return the new word, {@link #HELD} if a live process holds the slot (see {@link #word()} for whom), or
     *         {@link #RETIRED_SLOT}
     */
    public long claim(ProcessIdentity me) {
        while (true) {
            long word = word();
            int state = state(word);
            if (state == RETIRED) {
                return RETIRED_SLOT;
            }
            if (isHeld(word)) {
                return HELD;
            }
            long claimed = pack(me.pid(), (word >>> 8) + 1, CLAIMED);
            if (MemoryViews.LONG.compareAndSet(buffer, base + WORD_OFFSET, word, claimed)) {
                buffer.putLong(base + START_TIME_OFFSET, me.startTime());
                return claimed;
            }
        }
    }

    /**
     * Publishes a claimed slot as OPEN with what the other side needs to know.
     *
     * @return the open word, or 0 if the slot is no longer this claim (taken over as dead)
     */
    public long open(long claimed, int maxMessage, int flags) {
        buffer.putInt(base + MAX_MESSAGE_OFFSET, maxMessage);
        buffer.putInt(base + FLAGS_OFFSET, flags);
        buffer.putLong(base + OPENED_OFFSET, System.currentTimeMillis());
        long open = (claimed & ~0xFFL) | OPEN;
        return MemoryViews.LONG.compareAndSet(buffer, base + WORD_OFFSET, claimed, open) ? open : 0;
    }

    /** Marks the slot CLOSED if it is still {@code word}; false if it changed (someone took it over). */
    public boolean close(long word) {
        return MemoryViews.LONG.compareAndSet(buffer, base + WORD_OFFSET, word, (word & ~0xFFL) | CLOSED);
    }

    /** Marks a slot RETIRED if it is still {@code word}: the memory is going away, nobody may claim it now. */
    public boolean retire(long word) {
        return MemoryViews.LONG.compareAndSet(buffer, base + WORD_OFFSET, word, (word & ~0xFFL) | RETIRED);
    }

    /** The process that holds (or held) the slot as of {@code word}. */
    public ProcessIdentity holder(long word) {
        return new ProcessIdentity(pid(word), (long) MemoryViews.LONG.getAcquire(buffer, base + START_TIME_OFFSET));
    }

    /** True if {@code word} is CLAIMED or OPEN and its holder still runs. Reads /proc: not for every message. */
    public boolean isHeld(long word) {
        return switch (state(word)) {
            case CLAIMED -> ProcessIdentity.of(pid(word)).map(ProcessIdentity::isAlive).orElse(false);
            case OPEN -> holder(word).isAlive();
            default -> false;
        };
    }

    /** The largest message the holder accepts (valid once OPEN). */
    public int maxMessage() {
        return buffer.getInt(base + MAX_MESSAGE_OFFSET);
    }

    /** The holder's flags (valid once OPEN), e.g. {@link #FLAG_WAKE_ME}. */
    public int flags() {
        return buffer.getInt(base + FLAGS_OFFSET);
    }

    /** A word for messages: {@code "OPEN by pid 123 (generation 4)"}. */
    public static String describe(long word) {
        String state = switch (state(word)) {
            case EMPTY -> "EMPTY";
            case CLAIMED -> "CLAIMED";
            case OPEN -> "OPEN";
            case CLOSED -> "CLOSED";
            case RETIRED -> "RETIRED";
            default -> "state " + state(word);
        };
        return state + " by pid " + pid(word) + " (generation " + ((word >>> 8) & 0xFF_FFFF) + ")";
    }
}
