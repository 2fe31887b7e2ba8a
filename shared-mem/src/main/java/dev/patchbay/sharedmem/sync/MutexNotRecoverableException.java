package dev.patchbay.sharedmem.sync;

import dev.patchbay.sharedmem.SharedMemException;

/**
 * A robust mutex whose holder died was unlocked without being marked consistent (ENOTRECOVERABLE): it can never be
 * locked again, and the memory it guarded must be made anew.
 */
public class MutexNotRecoverableException extends SharedMemException {
    public MutexNotRecoverableException(String message) {
        super(message);
    }
}
