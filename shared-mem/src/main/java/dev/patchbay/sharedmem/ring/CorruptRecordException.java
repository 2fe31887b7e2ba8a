package dev.patchbay.sharedmem.ring;

import dev.patchbay.sharedmem.SharedMemException;

/**
 * A committed record in a ring buffer holds values no producer writes: a length past the record area or the
 * largest message, or an unknown type. The consumer stops in front of it; the ring is unusable from there on.
 */
public class CorruptRecordException extends SharedMemException {
    public CorruptRecordException(String message) {
        super(message);
    }
}
