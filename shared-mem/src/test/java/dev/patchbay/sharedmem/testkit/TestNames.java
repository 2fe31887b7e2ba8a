package dev.patchbay.sharedmem.testkit;

import java.util.concurrent.ThreadLocalRandom;

/** Random names, so tests never meet each other's (or anyone's) objects. */
public final class TestNames {
    private TestNames() {
    }

    /** {@code t-<what>-<12 hex digits>}. */
    public static String random(String what) {
        return "t-" + what + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL);
    }
}
