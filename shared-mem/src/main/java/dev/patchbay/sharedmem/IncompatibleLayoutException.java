package dev.patchbay.sharedmem;

/**
 * Memory that was expected to hold one of our layouts holds something else: another magic number (not ours), or
 * a layout major version this library does not read. The message names what was found and what was expected; the
 * layouts with a magic and a version word it through {@link LayoutHeader}.
 */
public class IncompatibleLayoutException extends SharedMemException {
    public IncompatibleLayoutException(String message) {
        super(message);
    }

    /** The message for a marker without a version (a sync slot's) that is not the expected one, both in hex. */
    public static IncompatibleLayoutException wrongMagic(String what, long found, long expected) {
        return new IncompatibleLayoutException(what + " is not a Patchbay layout: magic 0x" + Long.toHexString(found)
                + ", expected 0x" + Long.toHexString(expected));
    }
}
