package dev.patchbay.sharedmem;

/**
 * Memory that was expected to hold one of our layouts holds something else: another magic number (not ours), or
 * a layout major version this library does not read. The message names what was found and what was expected.
 */
public class IncompatibleLayoutException extends SharedMemException {
    public IncompatibleLayoutException(String message) {
        super(message);
    }

    /** The message for a magic mismatch, with both values in hex. */
    public static IncompatibleLayoutException wrongMagic(String what, long found, long expected) {
        return new IncompatibleLayoutException(what + " is not a Patchbay layout: magic 0x" + Long.toHexString(found)
                + ", expected 0x" + Long.toHexString(expected));
    }

    /** The message for a major version mismatch, naming both versions. */
    public static IncompatibleLayoutException wrongVersion(String what, int foundMajor, int foundMinor,
                                                           int major, int minor) {
        return new IncompatibleLayoutException(what + " has layout version " + foundMajor + "." + foundMinor
                + "; this library reads version " + major + ".x (it writes " + major + "." + minor + ")");
    }
}
