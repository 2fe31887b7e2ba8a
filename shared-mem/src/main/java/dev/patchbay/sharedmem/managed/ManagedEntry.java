package dev.patchbay.sharedmem.managed;

/**
 * One live object of a {@link ManagedSegment}'s directory.
 *
 * @param name      the object's name
 * @param kind      its kind, or null for a tag this library does not know
 * @param offset    where it starts, from the start of the managed area
 * @param size      bytes it takes
 * @param flags     {@link ManagedDescriptor#FLAG_LOCKED}
 * @param parameter array length, ring capacity, struct size, bytes length, or 0
 * @param detail    element type, struct fingerprint, ring flags, or 0
 */
public record ManagedEntry(String name, ObjectType.Kind kind, long offset, long size, int flags, int parameter,
                           long detail) {

    @Override
    public String toString() {
        return name + ": " + kind + " (" + size + " bytes" + ((flags & ManagedDescriptor.FLAG_LOCKED) != 0
                ? ", locked" : "") + ", parameter " + parameter + ", detail " + detail + ") at " + offset;
    }
}
