package dev.patchbay.bench.harness.session;

/** A process could not be confined to its CPUs for good: it is gone, or the kernel kept refusing. */
public class PinningException extends RuntimeException {
    public PinningException(String message) {
        super(message);
    }
}
