package dev.patchbay.sharedmem.managed;

import dev.patchbay.sharedmem.LayoutHeader;
import dev.patchbay.sharedmem.sync.SyncDescriptor;

/**
 * The layout of a managed area: a header, a mutex, a directory of named objects, and a heap of blocks. In a
 * managed segment the area is the segment's whole data area, from segment offset 128. Every offset stored in the
 * area counts from the area's start; all fields are little-endian.
 *
 * <pre>
 *  area offset
 *        0  +-----------------------------------------------------------+
 *           | magic "PBMS" (u32) | major (u16) | minor (u16)            |
 *        8  | directory capacity, entries (u32) | entry length (u32)    |
 *       16  | heap offset (u64)                                         |
 *       24  | heap length (u64)                                         |
 *       32  | first free block offset (u64), 0: none                    |
 *       40  | generation (u64): +1 per construct or destroy             |
 *       48  | reserved                                                  |
 *       64  +-----------------------------------------------------------+
 *           | mutex slot (64 B, see SyncDescriptor): guards all below   |
 *      128  +-----------------------------------------------------------+
 *           | directory: capacity x 128-byte entries                    |
 *   heap    +-----------------------------------------------------------+  (64-aligned)
 *           | block | block | ... tiling the heap to its end            |
 *           +-----------------------------------------------------------+
 *
 *  directory entry (128 bytes)               heap block
 *     0  state (u32): 0 free, 1 live            0  block size, header included (u64), multiple of 64
 *     4  type tag (u32), see ObjectType         8  next free block offset (u64), 0: end; free blocks only
 *     8  object offset (u64)                   16  state (u32): "FREE" 0x45455246 or "USED" 0x44455355
 *    16  object size (u64)                     20  reserved
 *    24  flags (u32): bit 0 LOCKED             64  payload: the object (64-aligned)
 *    28  parameter (u32)
 *    32  detail (u64)
 *    40  name, ASCII, NUL-padded (64 B)
 *   104  reserved
 * </pre>
 *
 * <p>Every change happens with the mutex held, in an order that keeps the heap walkable at each step: a split
 * writes the new block's header before shrinking the old block; a construct writes the entry's state (live) last,
 * a destroy first. So when a holder dies mid-change, the next one rebuilds the free list from the heap and the
 * live entries ({@code EOWNERDEAD} recovery) and loses nothing that was finished.
 */
public final class ManagedDescriptor {
    /** "PBMS" in ASCII, read as a little-endian u32. */
    public static final int MAGIC = 0x534D_4250;
    public static final int VERSION_MAJOR = 1;
    public static final int VERSION_MINOR = 0;
    /** Magic and version, checked by every reader. */
    public static final LayoutHeader LAYOUT = LayoutHeader.of("managed area", MAGIC, VERSION_MAJOR, VERSION_MINOR);

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_MAJOR_OFFSET = 4;
    public static final int VERSION_MINOR_OFFSET = 6;
    public static final int DIRECTORY_CAPACITY_OFFSET = 8;
    public static final int ENTRY_LENGTH_OFFSET = 12;
    public static final int HEAP_OFFSET_OFFSET = 16;
    public static final int HEAP_LENGTH_OFFSET = 24;
    public static final int FREE_LIST_OFFSET = 32;
    public static final int GENERATION_OFFSET = 40;
    public static final int MUTEX_OFFSET = 64;
    public static final int DIRECTORY_OFFSET = MUTEX_OFFSET + SyncDescriptor.SLOT_SIZE;

    public static final int ENTRY_LENGTH = 128;
    public static final int ENTRY_STATE_OFFSET = 0;
    public static final int ENTRY_TYPE_OFFSET = 4;
    public static final int ENTRY_OBJECT_OFFSET = 8;
    public static final int ENTRY_SIZE_OFFSET = 16;
    public static final int ENTRY_FLAGS_OFFSET = 24;
    public static final int ENTRY_PARAMETER_OFFSET = 28;
    public static final int ENTRY_DETAIL_OFFSET = 32;
    public static final int ENTRY_NAME_OFFSET = 40;
    public static final int ENTRY_NAME_LENGTH = 64;
    public static final int ENTRY_FREE = 0;
    public static final int ENTRY_LIVE = 1;
    public static final int FLAG_LOCKED = 1;

    /** Block headers and payloads are multiples of this, so every object starts on a cache line. */
    public static final int BLOCK_ALIGNMENT = 64;
    public static final int BLOCK_HEADER_LENGTH = 64;
    public static final int BLOCK_SIZE_OFFSET = 0;
    public static final int BLOCK_NEXT_OFFSET = 8;
    public static final int BLOCK_STATE_OFFSET = 16;
    /** "FREE" in ASCII, read as a little-endian u32. */
    public static final int BLOCK_FREE = 0x4545_5246;
    /** "USED" in ASCII, read as a little-endian u32. */
    public static final int BLOCK_USED = 0x4445_5355;

    /** The directory size a managed segment gets unless told otherwise. */
    public static final int DEFAULT_DIRECTORY_CAPACITY = 64;

    private ManagedDescriptor() {
    }

    /** Where the heap starts for a directory of {@code capacity} entries. */
    public static int heapOffset(int capacity) {
        return DIRECTORY_OFFSET + capacity * ENTRY_LENGTH;
    }
}
