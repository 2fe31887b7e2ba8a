package dev.patchbay.sharedmem.managed;

import dev.patchbay.sharedmem.MemoryViews;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.patchbay.sharedmem.managed.ManagedDescriptor.*;

/** The directory of a managed area: fixed-size entries that name objects in the heap. The caller holds the mutex. */
final class Directory {
    private final ByteBuffer b;
    private final int first;
    private final int capacity;

    Directory(ByteBuffer buffer, int areaIndex, int capacity) {
        this.b = buffer;
        this.first = areaIndex + DIRECTORY_OFFSET;
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    private int at(int slot) {
        return first + slot * ENTRY_LENGTH;
    }

    private boolean live(int slot) {
        return (int) MemoryViews.INT.getAcquire(b, at(slot) + ENTRY_STATE_OFFSET) == ENTRY_LIVE;
    }

    /** The slot of the live entry named {@code name}, or -1. */
    int find(String name) {
        for (int slot = 0; slot < capacity; slot++) {
            if (live(slot) && name.equals(MemoryViews.getAscii(b, at(slot) + ENTRY_NAME_OFFSET, ENTRY_NAME_LENGTH))) {
                return slot;
            }
        }
        return -1;
    }

    /** A slot that holds no live entry, or -1. */
    int freeSlot() {
        for (int slot = 0; slot < capacity; slot++) {
            if (!live(slot)) {
                return slot;
            }
        }
        return -1;
    }

    ManagedEntry read(int slot) {
        int e = at(slot);
        return new ManagedEntry(MemoryViews.getAscii(b, e + ENTRY_NAME_OFFSET, ENTRY_NAME_LENGTH),
                ObjectType.Kind.ofTag(b.getInt(e + ENTRY_TYPE_OFFSET)), b.getLong(e + ENTRY_OBJECT_OFFSET),
                b.getLong(e + ENTRY_SIZE_OFFSET), b.getInt(e + ENTRY_FLAGS_OFFSET),
                b.getInt(e + ENTRY_PARAMETER_OFFSET), b.getLong(e + ENTRY_DETAIL_OFFSET));
    }

    /** Fills the entry, then marks it live (release): a reader that sees it live sees all of it. */
    void publish(int slot, String name, ObjectType<?> type, long offset) {
        int e = at(slot);
        b.putInt(e + ENTRY_TYPE_OFFSET, type.kind().tag());
        b.putLong(e + ENTRY_OBJECT_OFFSET, offset);
        b.putLong(e + ENTRY_SIZE_OFFSET, type.size());
        b.putInt(e + ENTRY_FLAGS_OFFSET, type.flags());
        b.putInt(e + ENTRY_PARAMETER_OFFSET, type.parameter());
        b.putLong(e + ENTRY_DETAIL_OFFSET, type.detail());
        MemoryViews.putAscii(b, e + ENTRY_NAME_OFFSET, ENTRY_NAME_LENGTH, name);
        MemoryViews.INT.setRelease(b, e + ENTRY_STATE_OFFSET, ENTRY_LIVE);
    }

    /** Marks the entry free; done before its memory is freed. */
    void withdraw(int slot) {
        MemoryViews.INT.setRelease(b, at(slot) + ENTRY_STATE_OFFSET, ENTRY_FREE);
    }

    List<ManagedEntry> entries() {
        List<ManagedEntry> out = new ArrayList<>();
        for (int slot = 0; slot < capacity; slot++) {
            if (live(slot)) {
                out.add(read(slot));
            }
        }
        return out;
    }

    Set<Long> liveOffsets() {
        Set<Long> out = new HashSet<>();
        for (ManagedEntry e : entries()) {
            out.add(e.offset());
        }
        return out;
    }
}
