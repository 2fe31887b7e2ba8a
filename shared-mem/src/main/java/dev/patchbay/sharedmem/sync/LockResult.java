package dev.patchbay.sharedmem.sync;

/** How an attempt to take a lock ended. */
public enum LockResult {
    /** Taken. */
    ACQUIRED,
    /**
     * Taken, but the previous holder died holding it: what it protects may be half-updated and should be checked
     * or repaired before use. The mutex has already been marked consistent again.
     */
    ACQUIRED_OWNER_DIED,
    /** Not taken: held by someone else ({@code tryLock}) or the timeout passed. */
    NOT_ACQUIRED;

    /** True if the lock is now held by the caller. */
    public boolean acquired() {
        return this != NOT_ACQUIRED;
    }

    /** True if the previous holder died holding the lock. */
    public boolean previousOwnerDied() {
        return this == ACQUIRED_OWNER_DIED;
    }
}
